package io.condo.bus;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One transition of one service on one instance, the same object everywhere it is shown (the
 * event stream, the browser bridge, the UI). {@code current} and {@code next} are the container
 * objects of {@code /v1/state}: never the spec body, whose {@code Env} can hold secrets. {@code to}
 * is null when the service is gone from that instance (its file deleted, its containers removed).
 * {@code id} names the transition fleet-wide: the instance, the run of it, and a number. {@code reason}
 * says why ({@code spec}, {@code health}, {@code exit}, {@code unhealthy}, {@code rollback},
 * {@code restart}; null from a peer too old to say). {@code restarts} and {@code rolledBack} are the
 * service's as {@code /v1/state} shows them (null when none), and so is {@code rollout} (whom a
 * host waits for in a fleet rollout, or what stopped it). Immutable:
 * the containers are copied in and out, as one event reaches many readers by reference.
 */
public record TransitionEvent(String id, String instance, String host, String service, String from, String to,
                              Instant time, JsonObject current, JsonObject next, String error, String retryAt,
                              String reason, Integer restarts, JsonObject rolledBack, String rollout) {

  public TransitionEvent {
    current = copy(current);
    next = copy(next);
    rolledBack = copy(rolledBack);
  }

  /** Without what Condo did on its own: no restarts, no rollback. */
  public TransitionEvent(String id, String instance, String host, String service, String from, String to,
                         Instant time, JsonObject current, JsonObject next, String error, String retryAt,
                         String reason) {
    this(id, instance, host, service, from, to, time, current, next, error, retryAt, reason, null, null, null);
  }

  @Override
  public JsonObject rolledBack() {
    return copy(rolledBack);
  }

  @Override
  public JsonObject current() {
    return copy(current);
  }

  @Override
  public JsonObject next() {
    return copy(next);
  }

  private static JsonObject copy(JsonObject json) {
    return json == null ? null : json.copy();
  }

  /** Whether the service's state changed, not only its error or options. */
  public boolean changesState() {
    return to == null || !to.equals(from);
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("instance", instance).put("host", host).put("service", service)
        .put("from", from).put("to", to).put("time", time.toString())
        .put("current", copy(current)).put("next", copy(next))
        .put("error", error).put("retry_at", retryAt).put("reason", reason)
        .put("restarts", restarts).put("rolled_back", copy(rolledBack)).put("rollout", rollout);
  }
}
