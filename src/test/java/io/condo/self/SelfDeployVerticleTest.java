package io.condo.self;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.condo.bus.Addresses;
import io.condo.bus.DeploysSwitch;
import io.condo.bus.DockerCommand;
import io.condo.bus.MessageCodecs;
import io.condo.bus.Requests;
import io.condo.bus.RollClaim;
import io.condo.bus.SelfStatus;
import io.condo.bus.SpecFileEvent;
import io.condo.spec.Deploy;
import io.condo.spec.ServiceSpec;
import io.condo.testing.EngineOnTheBus;
import io.condo.testing.Journal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Self-deploy in one JVM, on a real Vert.x: the Docker worker, the fleet's roll and the supervisor's
 * pause stood in for on their bus addresses. What it asks Docker for, in what order, and what it
 * leaves behind when a step fails.
 */
@ExtendWith(VertxExtension.class)
class SelfDeployVerticleTest {

  static final String OWN = "own1";
  static final ServiceSpec NEXT = ServiceSpec.of(
      JsonNodeFactory.instance.objectNode().put("Image", "condo:2"), Deploy.BEFORE, 10, 7);

  @TempDir
  Path dir;
  final Journal journal = new Journal();
  final List<Object> statuses = new java.util.concurrent.CopyOnWriteArrayList<>();
  Vertx vertx;
  EngineOnTheBus engine;

  @BeforeEach
  void standIns(Vertx vertx) {
    this.vertx = vertx;
    var bus = vertx.eventBus();
    MessageCodecs.registerAll(bus);
    engine = EngineOnTheBus.answering(vertx, journal).holding(OWN, "condo", "condo:1");
    Requests.answer(bus, Addresses.SELF_ROLL, (RollClaim claim) -> Future.succeededFuture(RollClaim.Verdict.go())).await();
    Requests.answer(bus, Addresses.SELF_ROLL_HANDING_OVER, (RollClaim.HandingOver h) -> Future.succeededFuture(true))
        .await();
    Requests.answer(bus, Addresses.DEPLOYS, (DeploysSwitch change) -> {
      journal.add(change);
      return Future.succeededFuture(new DeploysSwitch.Done());
    }).await();
    bus.<Object>localConsumer(Addresses.SELF_ROLL_ENDED, m -> journal.add(m.body())).completion().await();
    bus.<SelfStatus>localConsumer(Addresses.SELF_CHANGES, m -> statuses.add(m.body())).completion().await();
  }

  void start(String startedFrom) {
    vertx.deployVerticle(new SelfDeployVerticle(dir.resolve("state"), startedFrom, () -> Optional.of(OWN))).await();
    vertx.eventBus().send(Addresses.SELF_SPEC, new SpecFileEvent.SpecUpdated("self", dir.resolve("self.edn"), NEXT));
  }

  SelfStatus awaitState(String state) {
    return Awaitility.await("self-deploy " + state).atMost(Duration.ofSeconds(5)).until(
        () -> statuses.isEmpty() ? null : (SelfStatus) statuses.get(statuses.size() - 1),
        s -> s != null && s.state().equals(state));
  }

  List<String> commands() {
    return journal.of(DockerCommand.class).stream().map(c -> c.getClass().getSimpleName()).toList();
  }

  @Test
  void aNewBodyIsDeployedThroughTheWorkerWithDeploysPausedFirst() throws Exception {
    start("hash-of-the-body-it-was-started-from");
    awaitState("handing-over");

    assertEquals(List.of("InspectOwn", "ListLabelled", "CreateExactly", "CreateExactly", "StartContainer"), commands(),
        journal.toString());
    assertEquals(new DeploysSwitch(true), journal.entries().get(journal.indexOf(DeploysSwitch.class::isInstance)));
    assertTrue(journal.indexOf(DeploysSwitch.class::isInstance) < journal.indexOf(DockerCommand.CreateExactly.class::isInstance),
        "Docker work paused before anything is made:\n" + journal);
    List<DockerCommand.CreateExactly> made = journal.of(DockerCommand.CreateExactly.class);
    assertTrue(made.get(0).name().startsWith("condo-next-"), made.get(0).name());
    assertTrue(made.get(1).name().startsWith("condo-handover-"), made.get(1).name());
    HandoverFiles.Handover handover = new HandoverFiles(dir.resolve("state")).handover();
    assertEquals(OWN, handover.predecessor());
    assertEquals("condo-next-" + NEXT.bodyHash().substring(0, 12), engine.nameOf(handover.successor()));
    assertEquals(journal.of(DockerCommand.StartContainer.class).get(0).id(), engine.ids().get(2), "the helper started");
  }

  @Test
  void aHelperThatCannotStartLeavesThisCondoAsItWasAndSaysWhy() throws Exception {
    engine.refusing(DockerCommand.StartContainer.class, "cannot start the helper");
    start("hash-of-the-body-it-was-started-from");
    SelfStatus failed = awaitState("running");
    Awaitility.await("the failure told").atMost(Duration.ofSeconds(5)).until(() -> awaitState("running").error() != null);

    assertTrue(awaitState("running").error().contains("cannot start the helper"), String.valueOf(failed));
    assertEquals(List.of(OWN), engine.ids(), "the successor and the helper removed again:\n" + journal);
    assertNull(new HandoverFiles(dir.resolve("state")).handover(), "no hand-over left written");
    Awaitility.await("Docker work resumed").atMost(Duration.ofSeconds(5))
        .until(() -> journal.entries().contains(new DeploysSwitch(false)));
    Awaitility.await("the fleet's roll told").atMost(Duration.ofSeconds(5))
        .until(() -> journal.of(RollClaim.Failed.class).size() == 1);
  }

  @Test
  void aHelperThatStartedThoughItsAnswerWasLostIsLeftToHandOver() throws Exception {
    engine.losingAnswersTo(DockerCommand.StartContainer.class, "the answer timed out");
    start("hash-of-the-body-it-was-started-from");
    awaitState("handing-over");

    assertTrue(journal.of(DockerCommand.RemoveContainer.class).isEmpty(), "nothing removed:\n" + journal);
    assertEquals(3, engine.ids().size(), "this Condo, the successor and the running helper");
    assertEquals(OWN, new HandoverFiles(dir.resolve("state")).handover().predecessor(), "the hand-over stays written");
  }

  @Test
  void theBodyItWasStartedFromAsksDockerForNothing() {
    start(NEXT.bodyHash());
    Awaitility.await("the roll told there is nothing to do").atMost(Duration.ofSeconds(5))
        .until(() -> !journal.of(RollClaim.Withdrawn.class).isEmpty());

    assertEquals(List.of("InspectOwn", "ListLabelled"), commands(), journal.toString());
    assertTrue(journal.of(DeploysSwitch.class).isEmpty(), "Docker work never paused");
  }
}
