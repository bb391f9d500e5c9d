package io.condo.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.condo.bus.Addresses;
import io.condo.bus.MessageCodecs;
import io.condo.bus.Requests;
import io.condo.bus.RollClaim;
import io.condo.bus.RolloutClaim;
import io.condo.fsm.Container;
import io.condo.fsm.Snapshot;
import io.condo.spec.ServiceSpec;
import io.condo.spec.SpecParser;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The supervisor's rollout gate in one JVM, on a real Vert.x with a stand-in for the fleet's turns:
 * which specs wait for a turn, and that a service never has more than one claim on its way.
 */
@ExtendWith(VertxExtension.class)
class RolloutGateTest {

  static final Path FILE = Path.of("/specs/web.edn");
  final List<RolloutClaim> claims = new CopyOnWriteArrayList<>();
  final List<ServiceSpec> deployed = new CopyOnWriteArrayList<>();
  final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger mostInFlight = new AtomicInteger();
  volatile RollClaim.Kind answer = RollClaim.Kind.WAIT;
  Vertx vertx;
  RolloutGate gate;

  static ServiceSpec spec(String image, String options) {
    try {
      return SpecParser.parse(FILE, "{:spec {:Image \"" + image + "\"} " + options + "}");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static Snapshot stableOn(ServiceSpec spec) {
    return new Snapshot.Stable(Container.planned("web-1", spec, Instant.now()).withId("c1"), null);
  }

  /** A claim is answered 50 ms after it is asked, as the fleet's turns are read over the network. */
  @BeforeEach
  void gateWithTurns(Vertx vertx) {
    this.vertx = vertx;
    MessageCodecs.registerAll(vertx.eventBus());
    Requests.answer(vertx.eventBus(), Addresses.ROLLOUT_CLAIM, (RolloutClaim claim) -> {
      claims.add(claim);
      mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      return vertx.timer(50).map(t -> {
        inFlight.decrementAndGet();
        return answer == RollClaim.Kind.GO ? RollClaim.Verdict.go() : new RollClaim.Verdict(answer, "waiting for host-b");
      });
    }).await();
    gate = new RolloutGate(vertx, (service, spec) -> deployed.add(spec), (service, text) -> { });
  }

  boolean holdsBack(Snapshot snapshot, ServiceSpec spec) {
    Promise<Boolean> held = Promise.promise();
    vertx.runOnContext(x -> held.complete(gate.holdsBack("web", snapshot, spec)));
    return held.future().await();
  }

  @Test
  void whatStartsNoDeployOfAnotherBodyNeedsNoTurn() {
    ServiceSpec v1 = spec("web:1", ":rollout {:parallel 1}");
    assertFalse(holdsBack(stableOn(v1), spec("web:1", ":rollout {:parallel 1} :stop-timeout 30")),
        "its options alone changed");
    assertFalse(holdsBack(new Snapshot.Init(), spec("web:2", ":rollout {:parallel 1}")), "a first deploy");
    assertFalse(holdsBack(stableOn(v1), spec("web:2", "")), "no :rollout");
    assertTrue(holdsBack(stableOn(v1), spec("web:2", ":rollout {:parallel 1}")), "a new body waits for its turn");
  }

  @Test
  void aServiceHasOneClaimOnItsWayWhateverItsFileDoesMeanwhile() {
    ServiceSpec v1 = spec("web:1", ":rollout {:parallel 1}");
    Snapshot stable = stableOn(v1);
    vertx.runOnContext(x -> {
      // A new version, then back to what runs while its claim is on its way, then another version.
      gate.holdsBack("web", stable, spec("web:2", ":rollout {:parallel 1}"));
      gate.holdsBack("web", stable, v1);
      gate.holdsBack("web", stable, spec("web:3", ":rollout {:parallel 1}"));
    });
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> claims.size() >= 3);
    assertEquals(1, mostInFlight.get(), "one claim at a time");
    assertEquals("web:3", claims.get(claims.size() - 1).image(), "the newest spec is the one claimed");

    answer = RollClaim.Kind.GO;
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !deployed.isEmpty());
    assertEquals(List.of("web:3"), deployed.stream().map(ServiceSpec::image).toList());
  }
}
