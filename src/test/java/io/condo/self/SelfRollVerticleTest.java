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
import io.condo.it.harness.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import java.time.Clock;

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
    vertx.deployVerticle(new SelfRollVerticle("a", "host-a", null, dir.resolve("state"), KEY, Clock.systemUTC())).await();
    turns = Turns.open(vertx, KEY).await();
  }

  static RollClaim.Verdict claim(Vertx vertx, String target) {
    return Requests.ask(vertx.eventBus(), Addresses.SELF_ROLL, new RollClaim(target)).await();
  }

  @Test
  void aClaimedTurnIsTheFleetsTurnUnderTheSelfSubjectAndAFailureIsWrittenThere(Vertx vertx) {
    turns.put(Turn.deploying(Turn.SELF, "b", "host-b", "b2", null, Instant.now())).await();
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
  void theTurnIsDatedAnewAsTheHelperStarts(Vertx vertx) {
    turns.put(new Turn(Turn.SELF, "a", "host-a", "a2", null, false, null, Instant.now().minusSeconds(600))).await();
    assertEquals(true, Requests.ask(vertx.eventBus(), Addresses.SELF_ROLL_HANDING_OVER,
        new RollClaim.HandingOver("a2")).await());
    assertTrue(turns.own("a", Turn.SELF).await().at().isAfter(Instant.now().minusSeconds(5)));
  }

  @Test
  void theNewCondoKeepsItsHostsTurnUntilTheHelperHasFoundItHealthy(Vertx vertx, @TempDir Path dir) throws Exception {
    HandoverFiles files = new HandoverFiles(dir.resolve("state"));
    files.writeHandover(new HandoverFiles.Handover("old-id", "new-id", "condo", "b2", 120));
    turns.put(Turn.deploying(Turn.SELF, "b", "host-b", "b2", null, Instant.now())).await();
    // Host b's new Condo, started from b2, while its helper still checks its health.
    vertx.deployVerticle(new SelfRollVerticle("b", "host-b", "b2", dir.resolve("state"), KEY, Clock.systemUTC())).await();
    // It runs the self.edn it reads (published: host a's roll listens on this bus too).
    vertx.eventBus().publish(Addresses.SELF_ROLL_ENDED, new RollClaim.Withdrawn());
    Await.holdsFor("host b's turn while its helper checks its new Condo", Duration.ofSeconds(1),
        () -> turns.own("b", Turn.SELF).await() != null);
    files.handoverEnded(); // found healthy
    Awaitility.await().until(() -> turns.own("b", Turn.SELF).await() == null);
  }

  @Test
  void aHostWhoseViewOfTheFleetIsBeingRepairedDoesNotReplaceItself(Vertx vertx) {
    fleet.set(new FleetSnapshot(List.of(), List.of(), null, List.of("c0c0c0c0c0c0")));
    RollClaim.Verdict waiting = claim(vertx, "a2");
    assertEquals(RollClaim.Kind.WAIT, waiting.kind());
    assertEquals(null, turns.own("a", Turn.SELF).await(), "nothing claimed");
  }
}
