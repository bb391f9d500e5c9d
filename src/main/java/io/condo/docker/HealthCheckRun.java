package io.condo.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.transport.DockerHttpClient.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A container's own health check, run now through {@code exec} rather than at Docker's next
 * interval: a container just started is found healthy as soon as its check passes, not one
 * interval later (Docker before 25 has no start interval, and an image's interval is set for
 * idle cost, not for a start). Docker's own record of the container's health is not changed.
 */
public final class HealthCheckRun {

  /** Docker's default check timeout, when the container sets none. */
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration POLL = Duration.ofMillis(50);

  /** What one run of the check found. */
  public enum Outcome { PASSED, FAILED, NO_CHECK }

  private final EngineTransport engine;

  HealthCheckRun(EngineTransport engine) {
    this.engine = engine;
  }

  /** Runs the check of the container inspected as {@code inspected}; blocks until it ends or times out (FAILED). */
  Outcome run(JsonNode inspected) throws InterruptedException {
    JsonNode check = inspected.path("Config").path("Healthcheck");
    List<String> command = command(check.path("Test"));
    if (command == null) {
      return Outcome.NO_CHECK;
    }
    long timeoutNanos = check.path("Timeout").asLong(0);
    Duration timeout = timeoutNanos > 0 ? Duration.ofNanos(timeoutNanos) : DEFAULT_TIMEOUT;
    String container = EngineTransport.encode(inspected.path("Id").asText());
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("AttachStdout", false).put("AttachStderr", false);
    command.forEach(body.putArray("Cmd")::add);
    String exec = EngineTransport.parse(engine.call(Request.Method.POST,
        engine.versioned("/containers/" + container + "/exec"), EngineTransport.write(body),
        EngineTransport.CALL_TIMEOUT, 201)).path("Id").asText();
    String path = "/exec/" + EngineTransport.encode(exec);
    engine.call(Request.Method.POST, engine.versioned(path + "/start"), "{\"Detach\":true}".getBytes(),
        EngineTransport.CALL_TIMEOUT, 200);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode state = EngineTransport.parse(engine.call(Request.Method.GET, engine.versioned(path + "/json"), null,
          EngineTransport.CALL_TIMEOUT, 200));
      if (!state.path("Running").asBoolean(true)) {
        return state.path("ExitCode").asInt(-1) == 0 ? Outcome.PASSED : Outcome.FAILED;
      }
      Thread.sleep(POLL.toMillis());
    }
    return Outcome.FAILED; // left running: Docker's own check would have timed out too
  }

  /** The command of a {@code Healthcheck.Test}, as Docker reads it; null when there is none. */
  static List<String> command(JsonNode test) {
    if (!test.isArray() || test.isEmpty()) {
      return null;
    }
    String kind = test.get(0).asText();
    List<String> rest = new ArrayList<>();
    for (int i = 1; i < test.size(); i++) {
      rest.add(test.get(i).asText());
    }
    return switch (kind) {
      case "CMD" -> rest.isEmpty() ? null : rest;
      case "CMD-SHELL" -> rest.isEmpty() ? null : List.of("/bin/sh", "-c", String.join(" ", rest));
      default -> null; // "NONE", or one Docker would refuse
    };
  }
}
