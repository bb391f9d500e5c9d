package io.condo.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * One service as its spec file describes it. {@code body} is the Docker create-container body,
 * kept exactly as written; {@code bodyHash} identifies it as data (key order and number types do
 * not matter), so that only a real change of {@code :spec} redeploys. Immutable: the body is copied
 * in and out, as one spec travels by reference to the supervisor, the state file and Docker.
 */
public record ServiceSpec(ObjectNode body, Deploy deploy, int healthTimeoutSeconds,
                          int stopTimeoutSeconds, String bodyHash, Healing healing, Rollout rollout) {

  public ServiceSpec {
    body = body.deepCopy();
    // A state written before healing existed reads as the defaults.
    healing = healing == null ? Healing.DEFAULT : healing;
  }

  public ServiceSpec(ObjectNode body, Deploy deploy, int healthTimeoutSeconds, int stopTimeoutSeconds,
                     String bodyHash) {
    this(body, deploy, healthTimeoutSeconds, stopTimeoutSeconds, bodyHash, Healing.DEFAULT, null);
  }

  public ServiceSpec(ObjectNode body, Deploy deploy, int healthTimeoutSeconds, int stopTimeoutSeconds,
                     String bodyHash, Healing healing) {
    this(body, deploy, healthTimeoutSeconds, stopTimeoutSeconds, bodyHash, healing, null);
  }

  @Override
  public ObjectNode body() {
    return body.deepCopy();
  }

  public static final int DEFAULT_HEALTH_TIMEOUT = 10;
  public static final int DEFAULT_STOP_TIMEOUT = 10;

  public static ServiceSpec of(ObjectNode body, Deploy deploy, int healthTimeout, int stopTimeout) {
    return of(body, deploy, healthTimeout, stopTimeout, Healing.DEFAULT);
  }

  public static ServiceSpec of(ObjectNode body, Deploy deploy, int healthTimeout, int stopTimeout,
                               Healing healing) {
    return of(body, deploy, healthTimeout, stopTimeout, healing, null);
  }

  /** @param rollout null: every host deploys on its own */
  public static ServiceSpec of(ObjectNode body, Deploy deploy, int healthTimeout, int stopTimeout,
                               Healing healing, Rollout rollout) {
    return new ServiceSpec(body, deploy, healthTimeout, stopTimeout, CanonicalJson.sha256(body), healing, rollout);
  }

  public String image() {
    return body.path("Image").asText();
  }

  /** The container name the user fixed with {@code :Name}, if any. */
  public Optional<String> fixedName() {
    JsonNode name = body.get("Name");
    return name != null && name.isTextual() ? Optional.of(name.asText()) : Optional.empty();
  }

  /** Whether Docker itself restarts this container when it exits (HostConfig.RestartPolicy). */
  public boolean hasRestartPolicy() {
    String policy = body.path("HostConfig").path("RestartPolicy").path("Name").asText("");
    return !policy.isEmpty() && !policy.equals("no");
  }

  /** The image and the body's hash, never the body: its Env can hold secrets, and records print their parts. */
  @Override
  public String toString() {
    return "ServiceSpec[" + image() + " " + bodyHash.substring(0, Math.min(12, bodyHash.length())) + " " + deploy
        + " " + healing.onFailure() + " " + healing.onUnhealthy() + (rollout == null ? "" : " " + rollout) + "]";
  }

  public boolean sameBodyAs(ServiceSpec other) {
    return other != null && bodyHash.equals(other.bodyHash);
  }

  /**
   * Whether {@code other} is this spec as its file writes it: the same body and the same options.
   * A rolled-back spec is tried again only when its file says something else, so a changed
   * {@code :health-timeout} alone is a new try.
   */
  public boolean sameFileAs(ServiceSpec other) {
    return sameBodyAs(other) && deploy.equals(other.deploy) && healing.equals(other.healing)
        && java.util.Objects.equals(rollout, other.rollout)
        && healthTimeoutSeconds == other.healthTimeoutSeconds && stopTimeoutSeconds == other.stopTimeoutSeconds;
  }

  /** The {@code Healthcheck.StartPeriod} of the body in seconds (Docker takes nanoseconds); 0 when unset. */
  public long healthStartPeriodSeconds() {
    return Math.max(0, body.path("Healthcheck").path("StartPeriod").asLong(0) / 1_000_000_000L);
  }
}
