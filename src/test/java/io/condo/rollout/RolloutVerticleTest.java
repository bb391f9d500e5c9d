package io.condo.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.condo.bus.Addresses;
import io.condo.bus.FleetQuery;
import io.condo.bus.FleetSnapshot;
import io.condo.bus.InstanceState;
import io.condo.bus.MessageCodecs;
import io.condo.bus.Requests;
import io.condo.bus.RollClaim;
import io.condo.bus.RolloutClaim;
import io.condo.bus.ServiceStatus;
import io.condo.bus.ServiceTransition;
import io.condo.bus.StateQuery;
import io.condo.fsm.Container;
import io.condo.fsm.Snapshot;
import io.condo.spec.ServiceSpec;
import io.condo.spec.SpecParser;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import java.time.Clock;

/**
 * This host's turns in services' rollouts, in one JVM on a real Vert.x with a stand-in fleet view
 * and supervisor: a turn ends once the new container has been Stable, and fails, stopping the
 * rollout, when the container turns unhealthy before its pause is over.
 */
@ExtendWith(VertxExtension.class)
class RolloutVerticleTest {

  static final ServiceSpec V2 = spec("{:spec {:Image \"web:2\"} :rollout {:parallel 1 :pause 3600}}");
  static final ServiceSpec V2_NO_PAUSE = spec("{:spec {:Image \"web:2\"} :rollout {:parallel 1}}");
  final TreeMap<String, ServiceStatus> services = new TreeMap<>();
  Vertx vertx;
  Turns turns;

  static ServiceSpec spec(String text) {
    try {
      return SpecParser.parse(Path.of("/specs/web.edn"), text);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @BeforeEach
  void rolloutsOfHostA(Vertx vertx) {
    this.vertx = vertx;
    MessageCodecs.registerAll(vertx.eventBus());
    Requests.answerNow(vertx.eventBus(), Addresses.FLEET_QUERY, (FleetQuery q) -> new FleetSnapshot(List.of()))
        .await();
    Requests.answerNow(vertx.eventBus(), Addresses.STATE_QUERY,
        (StateQuery q) -> new InstanceState("a", "host-a", services, null)).await();
    vertx.deployVerticle(new RolloutVerticle("a", "host-a", null, Clock.systemUTC())).await();
    turns = Turns.open(vertx, null).await();
  }

  void transition(Snapshot snapshot) {
    vertx.eventBus().publish(Addresses.TRANSITIONS, new ServiceTransition("a", "web", "Wait",
        new ServiceStatus(snapshot, "/specs/web.edn", null), Instant.now(), "container"));
  }

  static Snapshot.Stable stableOn(ServiceSpec spec, String problem) {
    return new Snapshot.Stable(Container.planned("web-1", spec, Instant.now()).withId("c1"), problem);
  }

  RollClaim.Verdict claim(ServiceSpec spec) {
    return Requests.ask(vertx.eventBus(), Addresses.ROLLOUT_CLAIM,
        new RolloutClaim("web", spec.bodyHash(), spec.image(), 1)).await();
  }

  @Test
  void aContainerThatTurnsUnhealthyDuringThePauseStopsTheRollout() {
    assertEquals(RollClaim.Kind.GO, claim(V2).kind());
    transition(stableOn(V2, null));
    transition(stableOn(V2, "unhealthy: probe failed"));
    Awaitility.await().until(() -> {
      Turn mine = turns.own("a", "web").await();
      return mine != null && mine.failed();
    });
    assertTrue(turns.own("a", "web").await().error().contains("unhealthy"));
  }

  @Test
  void aTurnLeftBehindBySpecThatSettledElsewhereEnds() {
    ServiceSpec v1 = spec("{:spec {:Image \"web:1\"} :rollout {:parallel 1}}");
    Instant written = Instant.now().minus(RolloutVerticle.SETTLES_ELSEWHERE).minusSeconds(1);
    // Granted after its ask gave up, the file back at what runs: written, then never followed.
    turns.put(new Turn("web", "a", "host-a", V2.bodyHash(), "web:2", false, null, written)).await();
    services.put("web", new ServiceStatus(stableOn(v1, null), "/specs/web.edn", null));
    vertx.undeploy(vertx.deploymentIDs().iterator().next()).await();
    vertx.deployVerticle(new RolloutVerticle("a", "host-a", null, Clock.systemUTC())).await(); // it takes its turn back at start
    Awaitility.await().until(() -> turns.own("a", "web").await() == null);
  }

  @Test
  void aTurnEndsOnceTheNewContainerIsStableForThePause() {
    assertEquals(RollClaim.Kind.GO, claim(V2_NO_PAUSE).kind());
    assertEquals("web:2", turns.own("a", "web").await().image());
    transition(stableOn(V2_NO_PAUSE, null));
    Awaitility.await().until(() -> turns.own("a", "web").await() == null);
  }
}
