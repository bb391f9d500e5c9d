package io.condo.view;

import io.condo.fsm.Container;
import io.condo.fsm.RolledBack;
import io.condo.fsm.Snapshot;
import io.condo.fsm.Snapshot.Stable;
import io.condo.fsm.Snapshot.TryAgain;
import io.condo.fsm.Snapshot.TryAgainNext;
import io.condo.fsm.Snapshot.Wait;
import io.condo.fsm.Snapshot.WaitNext;
import io.condo.spec.ServiceSpec;
import io.condo.bus.InstanceState;
import io.condo.bus.SelfStatus;
import io.condo.bus.ServiceStatus;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** The state API's shape (SPEC §4). Fields may be added, never removed. */
public final class StateJson {

  private StateJson() {
  }

  /** With this Condo's own image and self-deploy as {@code "self"}. */
  public static JsonObject instance(InstanceState state, SelfStatus self) {
    return instance(state).put("self", self(self));
  }

  private static final java.util.Set<String> SELF_FIELDS = java.util.Set.of("image", "started_from", "state", "error", "roll");
  private static final int MAX_SELF_TEXT = 8192;

  /** Whether a value read from a peer is a "self" as {@link #self} shapes it: those fields, text or null. */
  public static boolean isSelf(Object value) {
    return value instanceof JsonObject self && SELF_FIELDS.containsAll(self.fieldNames())
        && self.fieldNames().stream().map(self::getValue)
            .allMatch(v -> v == null || v instanceof String text && text.length() <= MAX_SELF_TEXT);
  }

  public static JsonObject self(SelfStatus self) {
    return new JsonObject().put("image", self.image()).put("started_from", self.startedFrom())
        .put("state", self.state()).put("error", self.error())
        .put("roll", self.roll());
  }

  public static JsonObject instance(InstanceState state) {
    JsonObject services = new JsonObject();
    state.services().forEach((name, status) -> services.put(name, service(status)));
    JsonObject json = new JsonObject()
        .put("instance", state.instanceId())
        .put("host", state.host())
        .put("services", services);
    if (state.stateFileError() != null) {
      json.put("state_file_error", state.stateFileError());
    }
    return json;
  }

  /**
   * Whether a value read from outside (a peer's message, a Consul key) is a service exactly as
   * {@link #service} shapes it, every field of its kind ({@link PeerJson#service}).
   */
  public static boolean isService(Object value) {
    return PeerJson.service(value) != null;
  }

  public static JsonObject service(ServiceStatus status) {
    Snapshot s = status.snapshot();
    Container current = null;
    Container next = null;
    Instant retryAt = null;
    String error = null;
    if (s instanceof Wait w) {
      current = w.current();
    } else if (s instanceof Stable st) {
      current = st.current();
      error = st.problem();
    } else if (s instanceof WaitNext w) {
      current = w.stable();
      next = w.next();
    } else if (s instanceof TryAgain t) {
      retryAt = t.retryAt();
      error = t.error();
    } else if (s instanceof TryAgainNext t) {
      current = t.stable();
      retryAt = t.retryAt();
      error = t.error();
    }
    if (status.fileError() != null) {
      error = status.fileError();
    }
    // As every peer will read it: no empty text, none longer than a peer takes.
    error = error == null || error.isEmpty() ? null : PeerJson.cut(error, PeerJson.MAX_ERROR);
    ServiceSpec desired = s.desiredSpec();
    JsonObject json = new JsonObject()
        .put("state", s.stateName())
        .put("current", container(current))
        .put("next", container(next))
        .put("retry_at", time(retryAt))
        .put("error", error)
        .put("file", status.file())
        .put("options", options(desired));
    if (s.restarts().count() > 0) {
      json.put("restarts", s.restarts().count());
    }
    if (status.rollout() != null) {
      json.put("rollout", PeerJson.cut(status.rollout(), PeerJson.MAX_ERROR));
    }
    RolledBack rolledBack = s.rolledBack();
    if (rolledBack != null) {
      // The file says spec_image, Condo runs current: never the failed body, whose Env can hold secrets.
      json.put("rolled_back", new JsonObject().put("spec_image", PeerJson.cut(rolledBack.failed().image(),
              PeerJson.MAX_TEXT))
          .put("error", rolledBack.error() == null || rolledBack.error().isEmpty() ? null
              : PeerJson.cut(rolledBack.error(), PeerJson.MAX_ERROR))
          .put("at", time(rolledBack.at())));
    }
    return json;
  }

  private static JsonObject options(ServiceSpec spec) {
    if (spec == null) {
      return null;
    }
    JsonObject options = new JsonObject()
        .put("deploy", spec.deploy().toString())
        .put("health_timeout", spec.healthTimeoutSeconds())
        .put("stop_timeout", spec.stopTimeoutSeconds());
    // The healing rules only when set: a peer of an older version reads every other service as before.
    if (spec.healing().rollsBack()) {
      options.put("on_failure", spec.healing().onFailure());
    }
    if (spec.healing().replacesUnhealthy()) {
      options.put("on_unhealthy", spec.healing().onUnhealthy());
    }
    if (spec.rollout() != null) {
      options.put("rollout", spec.rollout().toString());
    }
    return options;
  }

  private static JsonObject container(Container c) {
    if (c == null) {
      return null;
    }
    return new JsonObject()
        .put("id", c.id())
        .put("name", c.name())
        .put("image", c.spec().image())
        .put("created_at", time(c.createdAt()))
        .put("stable_at", time(c.stableAt()));
  }

  private static String time(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
