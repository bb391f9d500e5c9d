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
    return translate(action, attributes, 1_000_000_000L);
  }

  private ContainerEvent translate(String action, String attributes, long timeNano) throws Exception {
    JsonNode event = new ObjectMapper().readTree("{\"Action\":\"" + action + "\",\"timeNano\":" + timeNano
        + ",\"Actor\":{\"ID\":\"c1\","
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
        "signal 15 (docker stop), exit code 143"), translate("die", ",\"exitCode\":\"143\""));
    assertEquals(Health.EXITED, ((ContainerEvent.HealthChanged) translate("die", ",\"exitCode\":\"1\"")).health());
  }

  @Test
  void aStartForgetsASignalThatKilledNothing() throws Exception {
    translate("kill", ",\"signal\":\"15\"");
    translate("start", "");
    assertEquals(Health.EXITED, ((ContainerEvent.HealthChanged) translate("die", ",\"exitCode\":\"1\"")).health());
  }

  @Test
  void aSignalTheProcessLivesThroughIsNoStop() throws Exception {
    translate("kill", ",\"signal\":\"1\"");
    assertEquals(Health.EXITED, ((ContainerEvent.HealthChanged) translate("die", ",\"exitCode\":\"1\"")).health(),
        "a HUP to reload, then a crash: a crash");
  }

  @Test
  void aDeathLongAfterTheSignalIsACrash() throws Exception {
    translate("kill", ",\"signal\":\"15\"", 1_000_000_000L);
    assertEquals(Health.EXITED, ((ContainerEvent.HealthChanged) translate("die", ",\"exitCode\":\"1\"",
        1_000_000_000L + Signalled.WITHIN_NANOS + 1)).health());
  }

  @Test
  void dockerKillAloneIsACrashButTheKillAfterDockerStopsGracePeriodIsStillAStop() throws Exception {
    translate("kill", ",\"signal\":\"9\"");
    assertEquals(Health.EXITED, ((ContainerEvent.HealthChanged) translate("die", ",\"exitCode\":\"137\"")).health(),
        "docker kill: a crash, replaced");
    translate("kill", ",\"signal\":\"15\"");
    translate("kill", ",\"signal\":\"9\"");
    assertEquals(Health.STOPPED, ((ContainerEvent.HealthChanged) translate("die", ",\"exitCode\":\"137\"")).health(),
        "docker stop's TERM, then its KILL after 10 s: a stop");
  }
}
