package io.condo.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.condo.bus.Addresses;
import io.condo.bus.DockerCommand;
import io.condo.bus.InstanceState;
import io.condo.bus.MessageCodecs;
import io.condo.bus.PersistedState;
import io.condo.bus.PersistenceRequest;
import io.condo.bus.Requests;
import io.condo.bus.SpecFileEvent;
import io.condo.bus.StateQuery;
import io.condo.fsm.Snapshot;
import io.condo.spec.Deploy;
import io.condo.spec.ServiceSpec;
import io.condo.testing.EngineOnTheBus;
import io.condo.testing.Journal;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The supervisor in one JVM, on a real Vert.x: a Docker worker and a state file on their own bus
 * addresses, and the spec watcher's events sent as the watcher sends them. What reaches Docker, in
 * what order, and that no action leaves before the save that explains it is on disk.
 */
@ExtendWith(VertxExtension.class)
class SupervisorVerticleTest {

  static final Path FILE = Path.of("/specs/web.edn");

  /** A save that reached disk, with what it held. */
  record Saved(PersistedState state) {

    boolean names(String key) {
      PersistedState.ServiceRecord web = state.services().get("web");
      return web != null && web.snapshot().toString().contains(key);
    }
  }

  final Journal journal = new Journal();
  Vertx vertx;

  static ServiceSpec spec(String image, Deploy deploy) {
    return ServiceSpec.of(JsonNodeFactory.instance.objectNode().put("Image", image), deploy, 10, 7);
  }

  /** The state file takes a few milliseconds to reach disk, as a real one does. */
  @BeforeEach
  void supervisor(Vertx vertx) {
    this.vertx = vertx;
    MessageCodecs.registerAll(vertx.eventBus());
    EngineOnTheBus.answering(vertx, journal);
    Requests.answerNow(vertx.eventBus(), Addresses.STATE_LOAD,
        (PersistenceRequest.LoadState load) -> new PersistedState("inst-1", Map.of())).await();
    Requests.answer(vertx.eventBus(), Addresses.STATE_SAVE, (PersistenceRequest.SaveState save) ->
        vertx.timer(5).map(t -> {
          journal.add(new Saved(save.state()));
          return save.state();
        })).await();
    vertx.deployVerticle(new SupervisorVerticle("host-a", Clock.systemUTC())).await();
  }

  void specs(SpecFileEvent event) {
    vertx.eventBus().send(Addresses.SPEC_EVENTS, event);
  }

  Snapshot web() {
    InstanceState state = Requests.ask(vertx.eventBus(), Addresses.STATE_QUERY, new StateQuery()).await();
    return state.services().containsKey("web") ? state.services().get("web").snapshot() : null;
  }

  void awaitStableOn(String image) {
    Awaitility.await("web Stable on " + image).atMost(Duration.ofSeconds(5)).until(() ->
        web() instanceof Snapshot.Stable stable && stable.current().spec().image().equals(image));
  }

  /** The Docker commands sent since the mark, in order, as short words. */
  List<String> commandsSince(int mark) {
    return journal.entries().subList(mark, journal.entries().size()).stream()
        .filter(DockerCommand.class::isInstance).map(c -> c.getClass().getSimpleName()).toList();
  }

  @Test
  void aNewServiceIsCreatedThenStartedEachAfterTheSaveThatExplainsIt() {
    specs(new SpecFileEvent.SpecsListed(List.of(new SpecFileEvent.SpecUpdated("web", FILE, spec("good:1", Deploy.BEFORE)))));
    awaitStableOn("good:1");

    assertEquals(List.of("ListOwned", "CreateContainer", "StartContainer"), commandsSince(0), journal.toString());
    DockerCommand.CreateContainer create = journal.of(DockerCommand.CreateContainer.class).get(0);
    int created = journal.indexOf(create::equals);
    int saved = journal.indexOf(e -> e instanceof Saved s && s.names(create.key()));
    assertTrue(saved >= 0 && saved < created, "the snapshot naming " + create.key() + " saved before the create:\n" + journal);
  }

  @Test
  void aBeforeDeployHasTheImageFirstThenRemovesTheOldBeforeCreatingTheNew() {
    specs(new SpecFileEvent.SpecsListed(List.of(new SpecFileEvent.SpecUpdated("web", FILE, spec("good:1", Deploy.BEFORE)))));
    awaitStableOn("good:1");
    int mark = journal.entries().size();

    specs(new SpecFileEvent.SpecUpdated("web", FILE, spec("good:2", Deploy.BEFORE)));
    awaitStableOn("good:2");

    assertEquals(List.of("PullImage", "RemoveContainer", "CreateContainer", "StartContainer"), commandsSince(mark),
        journal.toString());
    assertEquals("c1", journal.of(DockerCommand.RemoveContainer.class).get(0).id(), "the old container goes");
  }

  @Test
  void anAfterDeployStartsTheNewBesideTheOldAndRemovesTheOldOnceTheNewIsStableOnDisk() {
    specs(new SpecFileEvent.SpecsListed(List.of(new SpecFileEvent.SpecUpdated("web", FILE, spec("good:1", Deploy.after(0))))));
    awaitStableOn("good:1");
    int mark = journal.entries().size();

    specs(new SpecFileEvent.SpecUpdated("web", FILE, spec("good:2", Deploy.after(0))));
    awaitStableOn("good:2");
    Awaitility.await("the old container removed").atMost(Duration.ofSeconds(5))
        .until(() -> !journal.of(DockerCommand.RemoveContainer.class).isEmpty());

    assertEquals(List.of("CreateContainer", "StartContainer", "RemoveContainer"), commandsSince(mark), journal.toString());
    int removed = journal.indexOf(DockerCommand.RemoveContainer.class::isInstance);
    int stableSaved = journal.indexOf(e -> e instanceof Saved saved
        && saved.state().services().get("web").snapshot() instanceof Snapshot.Stable stable && stable.current().hasId("c2"));
    assertTrue(stableSaved >= 0 && stableSaved < removed, "the new one Stable on disk before the old goes:\n" + journal);
  }
}
