package io.condo.metrics;

import io.condo.bus.Requests;
import io.condo.bus.MetricsScrape;
import io.condo.bus.Addresses;
import io.condo.bus.ImagesRemoved;
import io.condo.bus.WebhookProgress;
import io.condo.bus.FleetSnapshot;
import io.condo.spec.ServiceSpec;
import io.condo.bus.ServiceStatus;
import io.condo.bus.ServiceTransition;
import io.condo.fsm.Reason;
import io.condo.fsm.Snapshot;
import io.condo.bus.StateQuery;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Feeds {@link ServiceMetrics} from this instance's transitions and the fleet's changes, and
 * answers scrapes.
 */
public final class MetricsVerticle extends VerticleBase {

  private final CondoMetrics condoMetrics;
  private final ServiceMetrics metrics;
  private final WebhookMetrics webhooks;

  public MetricsVerticle(CondoMetrics condoMetrics) {
    this.condoMetrics = condoMetrics;
    this.metrics = new ServiceMetrics(condoMetrics.registry());
    this.webhooks = new WebhookMetrics(condoMetrics.registry());
  }

  @Override
  public Future<?> start() {
    var bus = vertx.eventBus();
    // Listen first, then read the state: a transition in between is in the answer as well.
    return Future.all(
            bus.<ServiceTransition>localConsumer(Addresses.TRANSITIONS, m -> onTransition(m.body())).completion(),
            bus.<ImagesRemoved>localConsumer(Addresses.IMAGES_REMOVED,
                m -> metrics.imagesRemoved(m.body().service(), m.body().count())).completion(),
            bus.<WebhookProgress>localConsumer(Addresses.WEBHOOK_PROGRESS, m -> webhooks.progress(m.body()))
                .completion(),
            bus.<FleetSnapshot>localConsumer(Addresses.FLEET_CHANGES, m -> metrics.members(m.body().instances().size()))
                .completion(),
            Requests.answerNow(bus, Addresses.METRICS_SCRAPE,
                (MetricsScrape scrape) -> new MetricsScrape.Text(condoMetrics.scrape())))
        .compose(v -> Requests.ask(bus, Addresses.STATE_QUERY, new StateQuery()))
        .onSuccess(state -> {
          Map<String, String> states = new HashMap<>();
          Set<String> broken = new HashSet<>();
          state.services().forEach((name, status) -> {
            states.put(name, status.snapshot().stateName());
            if (status.fileError() != null) {
              broken.add(name);
            }
          });
          metrics.load(states, broken);
        });
  }

  private void onTransition(ServiceTransition t) {
    ServiceStatus status = t.status();
    ServiceSpec heading = status == null ? null : status.snapshot().desiredSpec();
    String strategy = heading == null ? null : heading.deploy().isAfter() ? "after" : "before";
    metrics.transition(t.service(), t.from(), status == null ? null : status.snapshot().stateName(), t.at(),
        strategy, status != null && status.fileError() != null);
    // A Stable container lost or unhealthy too long leaves Stable with one more restart counted.
    if (status != null && "Stable".equals(t.from()) && !(status.snapshot() instanceof Snapshot.Stable)
        && status.snapshot().restarts().count() > 0) {
      metrics.restarted(t.service(), t.reason());
    }
    if (Reason.ROLLBACK.label().equals(t.reason())) {
      metrics.rolledBack(t.service());
    }
  }
}
