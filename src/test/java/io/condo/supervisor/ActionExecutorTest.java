package io.condo.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.condo.bus.DockerCommand;
import io.condo.bus.DockerReply;
import io.condo.fsm.Action;
import io.condo.fsm.Event;
import io.condo.fsm.Health;
import io.condo.spec.Deploy;
import io.condo.spec.ServiceSpec;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Each action is exactly one Docker command, and its answer exactly one event: no decisions here. */
class ActionExecutorTest {

  static final ServiceSpec SPEC = ServiceSpec.of(JsonNodeFactory.instance.objectNode().put("Image", "good:1"),
      Deploy.BEFORE, 10, 7);

  final RecordingDocker docker = new RecordingDocker();
  final AtomicInteger sweeps = new AtomicInteger();
  final ActionExecutor executor = new ActionExecutor(docker, sweeps::incrementAndGet);

  Event run(Action action) {
    return executor.execute("web", action).result();
  }

  @Test
  void aCreateIsOneCreateAndItsIdComesBackAsCreated() {
    docker.answers(new DockerReply.ContainerCreated("id9"));
    assertEquals(new Event.Created("web_k1", "id9"), run(new Action.Create("web_k1", "proxy", SPEC)));
    assertEquals(List.of(new DockerCommand.CreateContainer("web", "web_k1", "proxy", SPEC)), docker.calls());
  }

  @Test
  void aFailedCreateCarriesDockersWords() {
    docker.fails("manifest for good:1 not found");
    assertEquals(new Event.CreateFailed("web_k1", "manifest for good:1 not found"),
        run(new Action.Create("web_k1", "web_k1", SPEC)));
  }

  @Test
  void aStartIsOneStartAndTheHealthDockerReportsComesBack() {
    docker.answers(new DockerReply.ContainerStatus("id9", "web", "web_k1", Health.STARTING, null));
    assertEquals(new Event.Started("id9", Health.STARTING, null), run(new Action.Start("id9")));
    assertEquals(List.of(new DockerCommand.StartContainer("id9")), docker.calls());
    docker.fails("port is already allocated");
    assertEquals(new Event.StartFailed("id9", "port is already allocated"), run(new Action.Start("id9")));
  }

  @Test
  void aRemovalIsOneRemovalByIdAndKeyAndTellsTheStateMachineNothing() {
    docker.answers(new DockerReply.Done());
    assertNull(run(new Action.Remove("id9", "web_k1", 7)));
    assertEquals(List.of(new DockerCommand.RemoveContainer("id9", "web_k1", 7)), docker.calls());
    assertEquals(0, sweeps.get());
  }

  @Test
  void aFailedRemovalLeavesAnOrphanForTheSweep() {
    docker.fails("Cannot connect to the Docker daemon");
    assertNull(run(new Action.Remove("id9", "web_k1", 7)));
    assertEquals(1, sweeps.get(), "the sweep is told");
  }

  @Test
  void anUnansweredInspectSaysNothingRatherThanDead() {
    docker.fails("Cannot connect to the Docker daemon");
    assertNull(executor.observe("id9").result());
    docker.answers(new DockerReply.ContainerStatus("id9", "web", "web_k1", Health.EXITED, "exited with 1"));
    assertEquals(new Event.Observed("id9", Health.EXITED, "exited with 1"), executor.observe("id9").result());
    assertEquals(List.of(new DockerCommand.InspectContainer("id9"), new DockerCommand.InspectContainer("id9")),
        docker.calls());
  }
}
