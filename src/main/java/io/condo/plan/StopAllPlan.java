package io.condo.plan;

import io.condo.fsm.Action;
import io.condo.fsm.Snapshot;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What Condo does when told to stop everything it supervises (on exit, when asked to): every
 * container a snapshot holds is stopped with its own spec's timeout and removed, by id, or by the
 * key this instance labelled it with while its create is unanswered. Pure.
 */
public final class StopAllPlan {

  private StopAllPlan() {
  }

  public static Map<String, List<Action.Remove>> removals(Map<String, Snapshot> snapshots) {
    Map<String, List<Action.Remove>> removals = new TreeMap<>();
    snapshots.forEach((service, snapshot) -> {
      List<Action.Remove> each = snapshot.containers().stream().map(Action::remove).toList();
      if (!each.isEmpty()) {
        removals.put(service, each);
      }
    });
    return removals;
  }
}
