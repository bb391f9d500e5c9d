package io.condo.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.condo.bus.ContainerEvent;
import io.condo.fsm.Health;
import org.junit.jupiter.api.Test;

/** Docker's events as the supervisor gets them: a signal before a death is an operator's stop. */
class DockerEventsTranslateTest {

  private final Signalled signalled = new Signalled();

  private ContainerEvent translate(String action, String attributes) throws Exception {
    JsonNode event = new ObjectMapper().readTree("{\"Action\":\"" + action + "\",\"Actor\":{\"ID\":\"c1\","
        + "\"Attributes\":{\"" + ContainerLabels.SERVICE + "\":\"web\"" + attributes + "}}}");
    return DockerEventsVerticle.translate(event, signalled);
  }

  @Test
  void aDeathWithNoSignalBeforeItIsAnExit() throws Exception {
    assertEquals(new ContainerEvent.HealthChanged("c1", "web", Health.EXITED, "exited with exit code 3"),
        translate("die", ",\"exitCode\":\"3\""));
  }

  @Test
  void aDeathAfterASignalIsAStopByHandAndOnlyThatOne() throws Exception {
    assertNull(translate("kill", ",\"signal\":\"15\""));
    assertEquals(new ContainerEvent.HealthChanged("c1", "web", Health.STOPPED,
        "signal 15 (docker stop or docker kill), exit code 143"), translate("die", ",\"exitCode\":\"143\""));
    assertEquals(Health.EXITED, ((ContainerEvent.HealthChanged) translate("die", ",\"exitCode\":\"1\"")).health());
  }

  @Test
  void aStartForgetsASignalThatKilledNothing() throws Exception {
    translate("kill", ",\"signal\":\"1\"");
    translate("start", "");
    assertEquals(Health.EXITED, ((ContainerEvent.HealthChanged) translate("die", ",\"exitCode\":\"1\"")).health());
  }
}
