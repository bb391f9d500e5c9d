package io.condo.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.transport.DockerHttpClient.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
  /** A check still running when its caller stopped waiting, by container id. */
  private final Map<String, String> unfinished = new ConcurrentHashMap<>();

  HealthCheckRun(EngineTransport engine) {
    this.engine = engine;
  }

  /**
   * Runs the check of the container inspected as {@code inspected}; blocks until it ends, or for
   * the check's own timeout or {@code atMost}, whichever is shorter (FAILED). A run still going
   * then is not started again: the next call waits on it, so slow checks never pile up.
   */
  Outcome run(JsonNode inspected, Duration atMost) throws InterruptedException {
    JsonNode check = inspected.path("Config").path("Healthcheck");
    List<String> command = command(check.path("Test"), inspected.path("Config").path("Shell"));
    if (command == null) {
      return Outcome.NO_CHECK;
    }
    long timeoutNanos = check.path("Timeout").asLong(0);
    Duration timeout = timeoutNanos > 0 ? Duration.ofNanos(timeoutNanos) : DEFAULT_TIMEOUT;
    long deadline = System.nanoTime() + Math.min(timeout.toNanos(), Math.max(0, atMost.toNanos()));
    String container = inspected.path("Id").asText();
    String exec = unfinished.remove(container);
    if (exec == null) {
      exec = started(container, command);
    }
    String path = "/exec/" + EngineTransport.encode(exec);
    while (System.nanoTime() < deadline) {
      JsonNode state = EngineTransport.parse(engine.call(Request.Method.GET, engine.versioned(path + "/json"), null,
          EngineTransport.CALL_TIMEOUT, 200));
      if (!state.path("Running").asBoolean(true)) {
        return state.path("ExitCode").asInt(-1) == 0 ? Outcome.PASSED : Outcome.FAILED;
      }
      Thread.sleep(POLL.toMillis());
    }
    unfinished.put(container, exec);
    return Outcome.FAILED; // not passed in time: Docker's own check would have timed out too
  }

  private String started(String container, List<String> command) {
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("AttachStdout", false).put("AttachStderr", false);
    command.forEach(body.putArray("Cmd")::add);
    String exec = EngineTransport.parse(engine.call(Request.Method.POST,
        engine.versioned("/containers/" + EngineTransport.encode(container) + "/exec"), EngineTransport.write(body),
        EngineTransport.CALL_TIMEOUT, 201)).path("Id").asText();
    engine.call(Request.Method.POST, engine.versioned("/exec/" + EngineTransport.encode(exec) + "/start"),
        "{\"Detach\":true}".getBytes(), EngineTransport.CALL_TIMEOUT, 200);
    return exec;
  }

  /**
   * The command of a {@code Healthcheck.Test}, as Docker reads it: {@code CMD} runs its arguments,
   * {@code CMD-SHELL} its arguments after the container's shell ({@code Config.Shell}, else
   * {@code /bin/sh -c}); null when there is none.
   */
  static List<String> command(JsonNode test, JsonNode shell) {
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
      case "CMD-SHELL" -> rest.isEmpty() ? null : shellThen(shell, rest);
      default -> null; // "NONE", or one Docker would refuse
    };
  }

  private static List<String> shellThen(JsonNode shell, List<String> rest) {
    List<String> command = new ArrayList<>();
    if (shell.isArray() && !shell.isEmpty()) {
      shell.forEach(part -> command.add(part.asText()));
    } else {
      command.addAll(List.of("/bin/sh", "-c"));
    }
    command.addAll(rest);
    return command;
  }
}
