package io.condo.metrics;

import io.condo.fsm.Snapshot;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * This instance's services as metrics, kept from its transitions: how many are in each state (all
 * six, 0 included), transitions by from and to, how long deploys take (new spec seen → Stable, by
 * strategy), how many spec files are broken, how many members the fleet has. Pure bookkeeping: the
 * verticle feeds it.
 */
final class ServiceMetrics {

  private static final Duration[] DEPLOY_BUCKETS = {Duration.ofMillis(500), Duration.ofSeconds(1),
      Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20),
      Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(300),
      Duration.ofSeconds(600)};

  private final MeterRegistry registry;
  private final Map<String, String> stateOf = new HashMap<>();
  private final Set<String> brokenFiles = new HashSet<>();
  /** When each service's deploy under way began: its first step away from Init or Stable. */
  private final Map<String, Instant> deployStarted = new HashMap<>();
  private volatile int members = 1;

  ServiceMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (String state : Snapshot.NAMES) {
      Gauge.builder("condo.services", () -> count(state)).description("This instance's services, by state")
          .tag("state", state).register(registry);
    }
    Gauge.builder("condo.spec.file.errors", brokenFiles::size)
        .description("Spec files of this instance that cannot be read or are invalid").register(registry);
    Gauge.builder("condo.cluster.members", () -> members)
        .description("Instances in this instance's view of the fleet, itself included").register(registry);
  }

  private synchronized int count(String state) {
    return (int) stateOf.values().stream().filter(state::equals).count();
  }

  synchronized void load(Map<String, String> states, Set<String> broken) {
    stateOf.clear();
    stateOf.putAll(states);
    brokenFiles.clear();
    brokenFiles.addAll(broken);
  }

  /**
   * @param to the new state, or null when the service is gone
   * @param strategy "before" or "after", the deploy strategy of the spec the service heads for
   */
  synchronized void transition(String service, String from, String to, Instant at, String strategy,
                               boolean fileBroken) {
    if (fileBroken) {
      brokenFiles.add(service);
    } else {
      brokenFiles.remove(service);
    }
    if (to == null) {
      stateOf.remove(service);
      deployStarted.remove(service);
      return;
    }
    stateOf.put(service, to);
    if (from.equals(to)) {
      return;
    }
    Counter.builder("condo.transitions").description("Transitions of this instance's services")
        .tag("from", from).tag("to", to).register(registry).increment();
    if ((from.equals("Init") || from.equals("Stable")) && !to.equals("Init")) {
      deployStarted.putIfAbsent(service, at);
    }
    if (to.equals("Init")) {
      deployStarted.remove(service);
    }
    Instant started = to.equals("Stable") ? deployStarted.remove(service) : null;
    if (started != null && strategy != null) {
      Timer.builder("condo.deploy.duration").description("A new spec seen until its container is Stable")
          .tag("strategy", strategy).serviceLevelObjectives(DEPLOY_BUCKETS).register(registry)
          .record(Duration.between(started, at));
    }
  }

  /** A service's container replaced without a spec change: condo_restarts_total{service,reason}. */
  void restarted(String service, String reason) {
    Counter.builder("condo.restarts").description("Containers replaced without a spec change, by service and reason")
        .tag("service", service).tag("reason", reason).register(registry).increment();
  }

  /** Condo went back to a service's last good spec: condo_rollbacks_total{service}. */
  void rolledBack(String service) {
    Counter.builder("condo.rollbacks").description("Rollbacks to the last spec that was Stable, by service")
        .tag("service", service).register(registry).increment();
  }

  /** Image GC removed images Condo used for a service: condo_images_removed_total{service}. */
  void imagesRemoved(String service, int count) {
    Counter.builder("condo.images.removed").description("Images image GC removed, by the service Condo used them for")
        .tag("service", service).register(registry).increment(count);
  }

  void members(int count) {
    members = count;
  }
}
