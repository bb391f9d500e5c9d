package io.condo.supervisor;

import io.condo.bus.Addresses;
import io.condo.bus.RollClaim;
import io.condo.bus.RolloutClaim;
import io.condo.bus.Requests;
import io.condo.fsm.Snapshot;
import io.condo.spec.ServiceSpec;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Holds back a new spec of a service with {@code :rollout} until the fleet gives this host its
 * turn (SPEC §5a): asked now and again every second; meanwhile the service keeps its container and
 * shows whom it waits for, or what stopped the rollout. What starts no deploy of another body
 * needs no turn: a first deploy (nothing runs yet), the body the service already heads for (its
 * options alone changed), the body of a container that runs (going back). On the supervisor's
 * event loop only.
 */
final class RolloutGate {

  static final long ASK_AGAIN_MILLIS = 1000;

  private final Vertx vertx;
  private final BiConsumer<String, ServiceSpec> deploy;
  private final BiConsumer<String, String> show;
  /** The newest spec waiting for its turn, by service. */
  private final Map<String, ServiceSpec> waiting = new HashMap<>();
  /**
   * The services whose claim loop runs (a claim unanswered, or the next one due): one each, even
   * when a spec stops waiting and another starts while a claim is on its way.
   */
  private final java.util.Set<String> looping = new java.util.HashSet<>();
  /** The body hash each service has its turn for. */
  private final Map<String, String> granted = new HashMap<>();
  /** The rollout text each service shows: told again only when it changes. */
  private final Map<String, String> shown = new HashMap<>();

  /**
   * @param deploy the spec's turn came: hand it to the state machine
   * @param show the service's rollout text changed (null: not held back)
   */
  RolloutGate(Vertx vertx, BiConsumer<String, ServiceSpec> deploy, BiConsumer<String, String> show) {
    this.vertx = vertx;
    this.deploy = deploy;
    this.show = show;
  }

  /** Whether {@code spec} must wait for its turn; if so it is claimed, and deployed once the turn comes. */
  boolean holdsBack(String service, Snapshot snapshot, ServiceSpec spec) {
    if (spec.bodyHash().equals(granted.get(service))) {
      stopWaiting(service); // back to the spec it has its turn for: a newer one waiting is dropped
      return false;
    }
    if (snapshot.desiredSpec() != null && spec.sameBodyAs(snapshot.desiredSpec())) {
      // Already what the service heads for (read again, its options alone changed, or after a
      // restart in the middle of its turn): no new container.
      granted.put(service, spec.bodyHash());
      stopWaiting(service);
      return false;
    }
    boolean refused = snapshot.rolledBack() != null && snapshot.rolledBack().refuses(spec);
    boolean backToWhatRuns = snapshot.containers().stream().anyMatch(c -> spec.sameBodyAs(c.spec()));
    if (spec.rollout() == null || snapshot.containers().isEmpty() || refused || backToWhatRuns) {
      stopWaiting(service);
      endTurn(service);
      return false;
    }
    waiting.put(service, spec);
    if (looping.add(service)) {
      claim(service);
    }
    return true;
  }

  /** The service's file is gone: nothing waits, and any turn of this host's for it ends. */
  void removed(String service) {
    stopWaiting(service);
    endTurn(service);
  }

  private void stopWaiting(String service) {
    waiting.remove(service);
    showing(service, null);
  }

  private void showing(String service, String text) {
    if (!java.util.Objects.equals(shown.get(service), text)) {
      if (text == null) {
        shown.remove(service);
      } else {
        shown.put(service, text);
      }
      show.accept(service, text);
    }
  }

  private void endTurn(String service) {
    if (granted.remove(service) != null) {
      vertx.eventBus().send(Addresses.ROLLOUT_RELEASE, new RolloutClaim.Release(service));
    }
  }

  private void claim(String service) {
    ServiceSpec spec = waiting.get(service);
    if (spec == null) {
      looping.remove(service);
      return;
    }
    Requests.ask(vertx.eventBus(), Addresses.ROLLOUT_CLAIM,
        new RolloutClaim(service, spec.bodyHash(), spec.image(), spec.rollout().parallel())).onComplete(answer -> {
          if (waiting.get(service) != spec) {
            if (answer.succeeded() && answer.result().kind() == RollClaim.Kind.GO) {
              // The turn was written for a spec that no longer waits: given back at once.
              vertx.eventBus().send(Addresses.ROLLOUT_RELEASE, new RolloutClaim.Release(service));
            }
            claim(service); // a newer spec came meanwhile, or none waits any more
            return;
          }
          RollClaim.Verdict verdict = answer.succeeded() ? answer.result()
              : new RollClaim.Verdict(RollClaim.Kind.WAIT, "cannot claim a turn in the fleet's rollout: "
                  + answer.cause().getMessage());
          if (verdict.kind() == RollClaim.Kind.GO) {
            waiting.remove(service);
            looping.remove(service);
            granted.put(service, spec.bodyHash());
            showing(service, null);
            deploy.accept(service, spec);
          } else {
            showing(service, verdict.why());
            vertx.setTimer(ASK_AGAIN_MILLIS, t -> claim(service));
          }
        });
  }
}
