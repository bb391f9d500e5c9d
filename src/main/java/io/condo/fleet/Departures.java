package io.condo.fleet;

import io.condo.bus.FleetSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Instances that left the fleet's view, named as missing until they come back or a day has
 * passed, and a node that comes back known as one that left (the last 1024 nodes to leave).
 */
final class Departures {

  /** How long an instance that left is still named as missing, if it never comes back. */
  private static final Duration KEPT = Duration.ofHours(24);
  private static final int NODES_REMEMBERED = 1024;

  private final Map<String, FleetSnapshot.Departure> instances = new HashMap<>();
  private final Map<String, Boolean> nodes = new java.util.LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > NODES_REMEMBERED;
    }
  };

  void nodeLeft(String node) {
    nodes.put(node, true);
  }

  /** Whether the node is one seen to leave, forgotten as such now that it is back. */
  boolean nodeReturned(String node) {
    return nodes.remove(node) != null;
  }

  FleetSnapshot.Departure instanceLeft(String instance, String host, Instant at) {
    FleetSnapshot.Departure departure = new FleetSnapshot.Departure(instance, host, at);
    instances.put(instance, departure);
    return departure;
  }

  void instanceBack(String instance) {
    instances.remove(instance);
  }

  /** Those still missing at {@code now}, by host and instance. */
  List<FleetSnapshot.Departure> missing(Instant now) {
    Instant forgotten = now.minus(KEPT);
    instances.values().removeIf(d -> d.leftAt().isBefore(forgotten));
    return instances.values().stream()
        .sorted(Comparator.comparing(FleetSnapshot.Departure::host).thenComparing(FleetSnapshot.Departure::instance))
        .toList();
  }
}
