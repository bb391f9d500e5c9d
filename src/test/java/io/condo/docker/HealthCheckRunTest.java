package io.condo.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A {@code Healthcheck.Test} read as Docker reads it (the run itself: {@code HealthCheckRunIT}). */
class HealthCheckRunTest {

  private static List<String> command(String test) throws Exception {
    return HealthCheckRun.command(new ObjectMapper().readTree(test));
  }

  @Test
  void cmdRunsItsArgumentsAndCmdShellRunsThemInTheShell() throws Exception {
    assertEquals(List.of("java", "-cp", "x.jar", "Probe"), command("[\"CMD\", \"java\", \"-cp\", \"x.jar\", \"Probe\"]"));
    assertEquals(List.of("/bin/sh", "-c", "curl -f localhost || exit 1"), command("[\"CMD-SHELL\", \"curl -f localhost || exit 1\"]"));
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
