package io.condo.supervisor;

import io.condo.plan.StartPlan;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Leftover containers whose removal a service's own Docker work waits for, as the start plan
 * says: kept by service name, so a service the state did not know (its file not read yet) waits
 * too once it appears. A removal that fails also ends the wait: the container is then an orphan
 * the sweep retries, and it never holds its service's work back for good.
 */
final class RemovalsFirst {

  private final Map<String, Set<String>> pending = new HashMap<>();

  void await(StartPlan.Removal removal) {
    if (removal.service() != null) {
      pending.computeIfAbsent(removal.service(), s -> new HashSet<>()).add(removal.id());
    }
  }

  void settled(StartPlan.Removal removal) {
    Set<String> ids = pending.get(removal.service());
    if (ids != null && ids.remove(removal.id()) && ids.isEmpty()) {
      pending.remove(removal.service());
    }
  }

  boolean blocks(String service) {
    return pending.containsKey(service);
  }
}
