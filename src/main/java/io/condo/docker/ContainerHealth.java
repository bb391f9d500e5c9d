package io.condo.docker;

import io.condo.bus.DockerReply;
import com.fasterxml.jackson.databind.JsonNode;
import io.condo.fsm.Health;

/**
 * Reads an inspect answer into {@link Health}: healthy means {@code State.Health.Status ==
 * "healthy"} when the container has a health check, else running.
 */
final class ContainerHealth {

  private static final int MAX_DETAIL = 300;

  private ContainerHealth() {
  }

  static DockerReply.ContainerStatus fromInspect(JsonNode inspect) {
    JsonNode state = inspect.path("State");
    JsonNode labels = inspect.path("Config").path("Labels");
    String status = state.path("Status").asText("");
    Health health;
    String detail = null;
    switch (status) {
      case "created" -> health = Health.CREATED;
      case "running" -> {
        JsonNode check = state.path("Health");
        String checkStatus = check.path("Status").asText("");
        if (checkStatus.isEmpty() || checkStatus.equals("none")) {
          health = Health.HEALTHY;
        } else if (checkStatus.equals("healthy")) {
          health = Health.HEALTHY;
        } else if (checkStatus.equals("unhealthy")) {
          health = Health.UNHEALTHY;
          detail = lastProbeOutput(check);
        } else {
          health = Health.STARTING;
        }
      }
      case "paused" -> {
        // docker pause: an operator's act, reported and left alone like a stop.
        health = Health.STOPPED;
        detail = "paused";
      }
      default -> {
        health = Health.EXITED;
        detail = exitDetail(state, status);
      }
    }
    return new DockerReply.ContainerStatus(inspect.path("Id").asText(),
        labels.path(ContainerLabels.SERVICE).asText(null), labels.path(ContainerLabels.KEY).asText(null),
        health, detail, DockerApi.nameIn(inspect),
        labels.path(ContainerLabels.SPEC_HASH).asText(null));
  }

  static String exitDetail(JsonNode state, String status) {
    StringBuilder detail = new StringBuilder(status.isEmpty() ? "not running" : status);
    if (state.has("ExitCode")) {
      detail.append(" with exit code ").append(state.path("ExitCode").asInt());
    }
    String error = state.path("Error").asText("");
    if (!error.isEmpty()) {
      detail.append(": ").append(error);
    }
    if (state.path("OOMKilled").asBoolean(false)) {
      detail.append(" (out of memory)");
    }
    return detail.toString();
  }

  private static String lastProbeOutput(JsonNode check) {
    JsonNode log = check.path("Log");
    if (!log.isArray() || log.isEmpty()) {
      return "health check failed";
    }
    String output = log.get(log.size() - 1).path("Output").asText("").trim();
    if (output.isEmpty()) {
      return "health check failed (exit code " + log.get(log.size() - 1).path("ExitCode").asInt() + ")";
    }
    return output.length() > MAX_DETAIL ? output.substring(0, MAX_DETAIL) + "…" : output;
  }
}
