package io.condo.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.condo.bus.DockerReply.ContainerStatus;
import io.condo.fsm.Action;
import io.condo.fsm.Container;
import io.condo.fsm.Health;
import io.condo.fsm.Snapshot;
import io.condo.spec.Deploy;
import io.condo.spec.ServiceSpec;
import io.condo.bus.SpecFileEvent;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What Condo decides at start, as exact lists of Docker actions per service, in order: one row per
 * bug of docs/reliability.md that lived in this code, and one per adoption case.
 */
class StartPlanTest {

  static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
  static final Instant NOW = Instant.parse("2026-11-25T11:00:00Z");
  static final ServiceSpec V1 = spec("good:1", Deploy.BEFORE);
  static final ServiceSpec V2 = spec("good:2", Deploy.BEFORE);
  static final ServiceSpec V2_AFTER = spec("good:2", Deploy.after(5));
  static final Container OLD = new Container("old-id", "web_old", "web_old", V1, T0, T0);
  static final Container NEXT = new Container("next-id", "web_next", "web_next", V2_AFTER, T0, null);
  static final String NEW = "web_" + Forecast.NEW_ID;

  static ServiceSpec spec(String image, Deploy deploy) {
    return ServiceSpec.of(JsonNodeFactory.instance.objectNode().put("Image", image), deploy, 10, 7);
  }

  static ContainerStatus running(String id, String key, ServiceSpec madeFrom) {
    return new ContainerStatus(id, "web", key, Health.HEALTHY, null, key, madeFrom.bodyHash());
  }

  static ContainerStatus stray(String id, String service, Health health) {
    return new ContainerStatus(id, service, null, health, null, null, null);
  }

  static SpecFileEvent file(ServiceSpec spec) {
    return new SpecFileEvent.SpecUpdated("web", Path.of("/specs/web.edn"), spec);
  }

  static Action remove(String id) {
    return new Action.Remove(id, null, StartPlan.LEFTOVER_STOP_TIMEOUT);
  }

  static Action stop(Container c) {
    return new Action.Remove(c.id(), c.key(), c.spec().stopTimeoutSeconds());
  }

  static Action create(ServiceSpec spec, String key) {
    return new Action.Create(key, key, spec);
  }

  record Row(String name, Map<String, Snapshot> state, List<ContainerStatus> docker, List<SpecFileEvent> files,
             List<Action> web, List<String> orphans) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> rows() {
    return Stream.of(
        // reliability.md: after a crash, a Before deploy could run old and new together.
        new Row("a Before deploy decided before the crash removes the old before creating the new",
            Map.of("web", new Snapshot.Wait(Container.planned("web_k2", V2, T0), null, 0)),
            List.of(running("old-id", "web_old", V1)), List.of(file(V2)),
            List.of(remove("old-id"), create(V2, "web_k2")), List.of()),
        // reliability.md: a removal that failed was forgotten (the sweep finds it).
        new Row("a container a failed removal left behind is removed",
            Map.of("web", new Snapshot.Stable(NEXT.stableSince(T0), null)),
            List.of(running("next-id", "web_next", V2_AFTER), running("old-id", "web_old", V1)),
            List.of(file(V2_AFTER)), List.of(remove("old-id")), List.of()),
        // reliability.md: a state file destroyed beyond reading restarted every service.
        new Row("an unreadable state takes back the container made from the file's spec, nothing else",
            Map.of(), List.of(running("old-id", "web_old", V1)), List.of(file(V1)), List.of(), List.of()),
        new Row("an unreadable state: a container of another spec is removed before the deploy",
            Map.of(), List.of(running("old-id", "web_old", V1)), List.of(file(V2)),
            List.of(remove("old-id"), create(V2, NEW)), List.of()),
        new Row("an unreadable state: of two made from the file's spec one is taken back, the other removed",
            Map.of(), List.of(running("a-id", "web_a", V1), running("b-id", "web_b", V1)), List.of(file(V1)),
            List.of(remove("b-id")), List.of()),
        new Row("an unreadable state: an unhealthy container is never taken back",
            Map.of(), List.of(new ContainerStatus("old-id", "web", "web_old", Health.UNHEALTHY, "probe failed",
                "web_old", V1.bodyHash())), List.of(file(V1)),
            List.of(remove("old-id"), create(V1, NEW)), List.of()),
        new Row("an unreadable state and no file: the held-back container goes",
            Map.of(), List.of(running("old-id", "web_old", V1)), List.of(), List.of(), List.of("old-id")),
        new Row("a container of a service deleted while Condo was down is an orphan",
            Map.of(), List.of(stray("x-id", "gone", Health.EXITED)), List.of(), List.of(), List.of("x-id")),
        new Row("a container removed between Docker's list and its inspect is not removed again",
            Map.of(), List.of(stray("x-id", "gone", Health.GONE)), List.of(), List.of(), List.of()),
        // Adoption.
        new Row("a running Stable container is adopted, not restarted",
            Map.of("web", new Snapshot.Stable(OLD, null)), List.of(running("old-id", "web_old", V1)),
            List.of(file(V1)), List.of(), List.of()),
        new Row("a Stable container gone while Condo was down waits out its first back-off",
            Map.of("web", new Snapshot.Stable(OLD, null)), List.of(), List.of(file(V1)), List.of(), List.of()),
        new Row("a create whose answer was lost is found by its key and started",
            Map.of("web", new Snapshot.Wait(Container.planned("web_k2", V1, T0), null, 0)),
            List.of(new ContainerStatus("new-id", "web", "web_k2", Health.CREATED, null, "web_k2", V1.bodyHash())),
            List.of(file(V1)), List.of(new Action.Start("new-id")), List.of()),
        new Row("a WaitNext whose old container died is Stable on the new one, and the old one goes",
            Map.of("web", new Snapshot.WaitNext(OLD, NEXT, null, null, 0)),
            List.of(new ContainerStatus("old-id", "web", "web_old", Health.EXITED, "exited", "web_old", V1.bodyHash()),
                running("next-id", "web_next", V2_AFTER)),
            List.of(file(V2_AFTER)), List.of(stop(OLD)), List.of()),
        new Row("a file deleted while Condo was down removes the service's container",
            Map.of("web", new Snapshot.Stable(OLD, null)), List.of(running("old-id", "web_old", V1)), List.of(),
            List.of(stop(OLD)), List.of()),
        new Row("a new spec of a Stable After service starts the new one beside the old",
            Map.of("web", new Snapshot.Stable(OLD, null)), List.of(running("old-id", "web_old", V1)),
            List.of(file(V2_AFTER)), List.of(create(V2_AFTER, NEW)), List.of()))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void start(Row row) {
    Forecast.Result result = Forecast.of(row.state(), row.docker(), row.files(), NOW);
    Forecast.ServiceForecast web = result.services().get("web");
    assertEquals(row.web(), web == null ? List.of() : web.actions(), "web's Docker actions, in order");
    assertEquals(row.orphans(), result.orphans().stream().map(StartPlan.Removal::id).toList(), "orphans removed");
  }

  @Test
  void theChangeSaysWhatAnOperatorWouldCallIt() {
    Map<String, Snapshot> stable = Map.of("web", new Snapshot.Stable(OLD, null));
    List<ContainerStatus> docker = List.of(running("old-id", "web_old", V1));
    assertEquals(Forecast.Change.NONE, Forecast.of(stable, docker, List.of(file(V1)), NOW).services().get("web").change());
    Forecast.ServiceForecast redeploy = Forecast.of(stable, docker, List.of(file(V2)), NOW).services().get("web");
    assertEquals(Forecast.Change.REDEPLOY, redeploy.change());
    assertEquals(List.of("old-id"), redeploy.adopted());
    assertEquals("good:1", redeploy.imageFrom());
    assertEquals("good:2", redeploy.imageTo());
    // A Before deploy pulls first; the old container stops only once the image is there.
    assertEquals(List.of(Action.Pull.class), redeploy.actions().stream().map(Object::getClass).toList());
    assertEquals(List.of(Action.Remove.class, Action.Create.class, Action.Start.class),
        redeploy.then().stream().map(Object::getClass).toList());
    assertEquals(Forecast.Change.REMOVE, Forecast.of(stable, docker, List.of(), NOW).services().get("web").change());
    assertEquals(Forecast.Change.DEPLOY, Forecast.of(Map.of(), List.of(), List.of(file(V1)), NOW).services().get("web")
        .change());
    assertEquals("old-id", Forecast.of(Map.of(), docker, List.of(file(V1)), NOW).services().get("web").reclaimed());
  }

  @Test
  void aRolledBackServiceStaysAndSaysWhyUntilTheFileChanges() {
    io.condo.fsm.RolledBack rolledBack = new io.condo.fsm.RolledBack(V2, "container is unhealthy", T0);
    Map<String, Snapshot> stable = Map.of("web", new Snapshot.Stable(OLD, null,
        new io.condo.fsm.Recovery(io.condo.fsm.Restarts.NONE, rolledBack), null));
    List<ContainerStatus> docker = List.of(running("old-id", "web_old", V1));
    Forecast.ServiceForecast kept = Forecast.of(stable, docker, List.of(file(V2)), NOW).services().get("web");
    assertEquals(Forecast.Change.NONE, kept.change(), "the failed spec is not tried again");
    assertEquals(rolledBack, kept.rolledBack());
    Forecast.ServiceForecast changed = Forecast.of(stable, docker, List.of(file(spec("good:3", Deploy.BEFORE))), NOW)
        .services().get("web");
    assertEquals(Forecast.Change.REDEPLOY, changed.change(), "another file is a new deploy");
    assertEquals(null, changed.rolledBack());
  }
}
