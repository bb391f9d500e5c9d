package io.condo.rollout;

import io.condo.bus.Addresses;
import io.condo.bus.FleetQuery;
import io.condo.bus.InstanceView;
import io.condo.bus.Requests;
import io.condo.bus.RollClaim;
import io.condo.bus.RolloutClaim;
import io.condo.bus.ServiceStatus;
import io.condo.bus.ServiceTransition;
import io.condo.bus.StateQuery;
import io.condo.fsm.Snapshot;
import io.condo.spec.ServiceSpec;
import io.condo.view.StateJson;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.time.Clock;

/**
 * Services' fleet rollouts ({@code :rollout}, SPEC §5a): hosts take turns to deploy a new spec
 * through the fleet's {@link Turns}, one subject per service, so no more than {@code parallel}
 * claim together; {@link RolloutDecision} says whose turn it is. This host's own turns end here,
 * from its transitions: Stable on the target for the spec's pause, or failed.
 */
public final class RolloutVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(RolloutVerticle.class);
  /**
   * A turn is followed by a deploy of its target at once; Stable on another spec this long after it
   * was written (past any claim's answer), the turn was left behind.
   */
  static final java.time.Duration SETTLES_ELSEWHERE = java.time.Duration.ofSeconds(60);

  private final String instance;
  private final Clock clock;
  private final String host;
  private final byte[] key;
  /** This host's turns, by service, as written in the map. */
  private final Map<String, Turn> mine = new HashMap<>();
  /** A turn whose new container is Stable, ending once the pause is over. */
  private final Map<String, Long> ending = new HashMap<>();
  private Turns turns;

  /** @param key the fleet's key for the turns' seals, or null without a secret */
  public RolloutVerticle(String instance, String host, byte[] key, Clock clock) {
    this.clock = clock;
    this.instance = instance;
    this.host = host;
    this.key = key;
  }

  @Override
  public Future<?> start() {
    var bus = vertx.eventBus();
    return Turns.open(vertx, key)
        .compose(opened -> {
          turns = opened;
          // A map that cannot be read (a value Hazelcast cannot deserialize) holds no turn of this host's.
          return turns.all().otherwise(e -> {
            LOG.warn("the fleet's turns cannot be read ({}); this host holds no turn", e.getMessage());
            return List.of();
          });
        })
        .compose(all -> {
          // A turn this host held before a restart is still its own: it ends as any other.
          all.stream().filter(t -> t.instance().equals(instance) && !Turn.SELF.equals(t.subject()))
              .forEach(t -> mine.put(t.subject(), t));
          return Future.all(Requests.answer(bus, Addresses.ROLLOUT_CLAIM, this::claim),
              bus.<RolloutClaim.Release>localConsumer(Addresses.ROLLOUT_RELEASE, m -> end(m.body().service()))
                  .completion(),
              bus.<ServiceTransition>localConsumer(Addresses.TRANSITIONS,
                  m -> onStatus(m.body().service(), m.body().status())).completion());
        })
        // Listening first, then the state: a turn whose container was already Stable at start ends too.
        .compose(v -> Requests.ask(bus, Addresses.STATE_QUERY, new StateQuery()))
        .onSuccess(state -> List.copyOf(mine.keySet()).forEach(service ->
            onStatus(service, state.services().get(service))));
  }

  private Future<RollClaim.Verdict> claim(RolloutClaim claim) {
    return turns.claim(claim.service(), all -> verdict(claim, all), () -> {
      Long pausing = ending.remove(claim.service()); // the end of an earlier turn must not end this one
      if (pausing != null) {
        vertx.cancelTimer(pausing);
      }
      Turn turn = Turn.deploying(claim.service(), instance, host, claim.target(), claim.image(), clock.instant());
      mine.put(turn.subject(), turn);
      return turn;
    });
  }

  private Future<RollClaim.Verdict> verdict(RolloutClaim claim, List<Turn> all) {
    return Requests.ask(vertx.eventBus(), Addresses.FLEET_QUERY, new FleetQuery()).map(fleet -> {
      Set<String> live = new HashSet<>();
      fleet.instances().stream().map(InstanceView::instance).forEach(live::add);
      return RolloutDecision.of(instance, claim.service(), claim.target(), claim.image(), claim.parallel(), all, live,
          fleet.repairing(), clock.instant());
    });
  }

  /**
   * This host's turn for the service ends when its new container has been Stable on the target for
   * the pause, with no problem; it fails (stopping the rollout elsewhere) when a deploy of the target
   * fails here, or its container turns unhealthy or exits before the pause is over. A turn left
   * behind by a service that settled on another spec ends too.
   */
  private void onStatus(String service, ServiceStatus status) {
    Turn own = mine.get(service);
    if (own == null) {
      return;
    }
    if (status == null) {
      end(service);
      return;
    }
    Snapshot s = status.snapshot();
    ServiceSpec desired = s.desiredSpec();
    boolean onTarget = desired != null && desired.bodyHash().equals(own.target());
    if (s instanceof Snapshot.Stable stable && onTarget && stable.problem() == null) {
      if (!ending.containsKey(service)) {
        long pause = desired.rollout() == null ? 0 : desired.rollout().pauseSeconds() * 1000L;
        ending.put(service, vertx.setTimer(Math.max(1, pause), id -> {
          ending.remove(service);
          end(service);
        }));
      }
      return;
    }
    if (s instanceof Snapshot.Stable && !onTarget && !own.failed()
        && own.at().isBefore(clock.instant().minus(SETTLES_ELSEWHERE))) {
      // Settled on another spec long after the turn was written (a grant that came after its ask
      // gave up, a file changed back, a restart): the turn is not this host's to hold any more.
      end(service);
      return;
    }
    Long timer = ending.remove(service);
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
    // Unhealthy or exited during the pause is a failure too: the pause is there to watch for it.
    boolean failing = (s instanceof Snapshot.TryAgain || s instanceof Snapshot.TryAgainNext
        || s instanceof Snapshot.Stable) && onTarget
        || s.rolledBack() != null && s.rolledBack().failed().bodyHash().equals(own.target());
    if (failing && !own.failed()) {
      String error = StateJson.service(status).getString("error");
      LOG.warn("{}: the rollout of {} stops on every host: it failed here ({})", service, own.image(), error);
      write(own.failedWith(error == null ? "failed" : error, clock.instant()));
    }
  }

  private Future<Void> write(Turn turn) {
    mine.put(turn.subject(), turn);
    return turns.put(turn)
        .onFailure(e -> LOG.warn("{}: cannot write this host's turn in the fleet's rollout: {}", turn.subject(),
            e.getMessage()));
  }

  private void end(String service) {
    Turn own = mine.remove(service);
    Long timer = ending.remove(service);
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
    if (own != null) {
      turns.remove(instance, service).onFailure(e -> LOG.warn("{}: cannot end this host's turn in the fleet's rollout: {}",
          service, e.getMessage()));
    }
  }
}
