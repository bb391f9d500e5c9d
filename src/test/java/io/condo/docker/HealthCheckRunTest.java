package io.condo.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A {@code Healthcheck.Test} read as Docker reads it (the run itself: {@code HealthCheckRunIT}). */
class HealthCheckRunTest {

  private static List<String> command(String test) throws Exception {
    return HealthCheckRun.command(new ObjectMapper().readTree(test), new ObjectMapper().readTree("null"));
  }

  @Test
  void cmdRunsItsArgumentsAndCmdShellRunsThemInTheShell() throws Exception {
    assertEquals(List.of("java", "-cp", "x.jar", "Probe"), command("[\"CMD\", \"java\", \"-cp\", \"x.jar\", \"Probe\"]"));
    assertEquals(List.of("/bin/sh", "-c", "curl -f localhost || exit 1"), command("[\"CMD-SHELL\", \"curl -f localhost || exit 1\"]"));
  }

  @Test
  void cmdShellRunsInTheContainersOwnShellWithItsArgumentsAsGiven() throws Exception {
    ObjectMapper json = new ObjectMapper();
    assertEquals(List.of("pwsh", "-Command", "Test-Path /ok", "extra"), HealthCheckRun.command(
        json.readTree("[\"CMD-SHELL\", \"Test-Path /ok\", \"extra\"]"), json.readTree("[\"pwsh\", \"-Command\"]")));
  }

  @Test
  void noneAnEmptyTestOrAnUnknownKindIsNoCheck() throws Exception {
    assertNull(command("[\"NONE\"]"));
    assertNull(command("[]"));
    assertNull(command("[\"CMD\"]"));
    assertNull(command("[\"SHELL\", \"x\"]"));
    assertNull(command("null"));
  }
}
