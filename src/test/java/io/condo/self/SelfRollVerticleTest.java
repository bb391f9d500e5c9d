package io.condo.self;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.condo.bus.Addresses;
import io.condo.bus.FleetQuery;
import io.condo.bus.FleetSnapshot;
import io.condo.bus.MessageCodecs;
import io.condo.bus.Requests;
import io.condo.bus.RollClaim;
import io.condo.rollout.Turn;
import io.condo.rollout.Turns;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The self-deploy roll in one JVM, on a real Vert.x with a stand-in fleet view: it takes its turns
 * through the fleet's {@link Turns}, the mechanism services' rollouts use, under its own subject.
 */
@ExtendWith(VertxExtension.class)
class SelfRollVerticleTest {

  static final byte[] KEY = new byte[32];
  final AtomicReference<FleetSnapshot> fleet = new AtomicReference<>(new FleetSnapshot(List.of()));
  Turns turns;

  @BeforeEach
  void rollOfHostA(Vertx vertx, @TempDir Path dir) {
    MessageCodecs.registerAll(vertx.eventBus());
    Requests.answerNow(vertx.eventBus(), Addresses.FLEET_QUERY, (FleetQuery q) -> fleet.get()).await();
    vertx.deployVerticle(new SelfRollVerticle("a", "host-a", null, dir.resolve("state"), KEY)).await();
    turns = Turns.open(vertx, KEY).await();
  }

  static RollClaim.Verdict claim(Vertx vertx, String target) {
    return Requests.ask(vertx.eventBus(), Addresses.SELF_ROLL, new RollClaim(target)).await();
  }

  @Test
  void aClaimedTurnIsTheFleetsTurnUnderTheSelfSubjectAndAFailureIsWrittenThere(Vertx vertx) {
    turns.put(Turn.deploying(Turn.SELF, "b", "host-b", "b2", null)).await();
    RollClaim.Verdict waiting = claim(vertx, "a2");
    assertEquals(RollClaim.Kind.WAIT, waiting.kind());
    assertTrue(waiting.why().contains("host-b"), waiting.why());

    turns.remove("b", Turn.SELF).await();
    Awaitility.await().until(() -> claim(vertx, "a2").kind() == RollClaim.Kind.GO);
    Turn mine = turns.own("a", Turn.SELF).await();
    assertEquals("a2", mine.target());

    vertx.eventBus().send(Addresses.SELF_ROLL_ENDED, new RollClaim.Failed("a2", "the new Condo exited"));
    Awaitility.await().until(() -> turns.own("a", Turn.SELF).await().failed());
  }

  @Test
  void aHostWhoseViewOfTheFleetIsBeingRepairedDoesNotReplaceItself(Vertx vertx) {
    fleet.set(new FleetSnapshot(List.of(), List.of(), null, List.of("c0c0c0c0c0c0")));
    RollClaim.Verdict waiting = claim(vertx, "a2");
    assertEquals(RollClaim.Kind.WAIT, waiting.kind());
    assertEquals(null, turns.own("a", Turn.SELF).await(), "nothing claimed");
  }
}
