package io.condo.view;

import io.condo.fsm.Snapshot;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * A service or a container from outside (a peer's message, a Consul key) rebuilt from exactly the
 * fields Condo writes ({@link StateJson#service}), each of its type and size, so that whatever reads
 * it later (wait_for, the page, global_state) never meets a value of another kind: a peer's
 * {@code "current": "x"} is refused here, not thrown on there.
 */
public final class PeerJson {

  static final int MAX_TEXT = 1024;
  static final int MAX_ERROR = 8192;
  static final int MAX_FILE = 4096;
  private static final Set<String> SERVICE_FIELDS =
      Set.of("state", "current", "next", "retry_at", "error", "file", "options", "restarts", "rolled_back",
          "rollout");
  private static final Set<String> CONTAINER_FIELDS = Set.of("id", "name", "image", "created_at", "stable_at");
  private static final Set<String> OPTION_FIELDS =
      Set.of("deploy", "health_timeout", "stop_timeout", "on_failure", "on_unhealthy", "rollout");
  private static final Set<String> ROLLED_BACK_FIELDS = Set.of("spec_image", "error", "at");
  /** Stands for a value of the wrong kind, as null stands for an absent one. */
  static final JsonObject INVALID = new JsonObject();

  private PeerJson() {
  }

  /** The service, cleaned, or null when any field is not what Condo writes. */
  public static JsonObject service(Object value) {
    if (!(value instanceof JsonObject s) || !SERVICE_FIELDS.containsAll(s.fieldNames())
        || !(s.getValue("state") instanceof String state) || !Snapshot.NAMES.contains(state)) {
      return null;
    }
    JsonObject current = container(s.getValue("current"));
    JsonObject next = container(s.getValue("next"));
    JsonObject options = options(s.getValue("options"));
    JsonObject rolledBack = rolledBack(s.getValue("rolled_back"));
    if (current == INVALID || next == INVALID || options == INVALID || rolledBack == INVALID
        || !optionalText(s.getValue("error"), MAX_ERROR) || !optionalText(s.getValue("file"), MAX_FILE)
        || !optionalInstant(s.getValue("retry_at")) || !optionalCount(s.getValue("restarts"))
        || !optionalText(s.getValue("rollout"), MAX_ERROR)) {
      return null;
    }
    JsonObject clean = new JsonObject().put("state", state).put("current", current).put("next", next)
        .put("retry_at", s.getValue("retry_at")).put("error", s.getValue("error")).put("file", s.getValue("file"))
        .put("options", options);
    // Written only once a container was replaced: a record of a calm service reads as before.
    if (s.getValue("restarts") != null) {
      clean.put("restarts", s.getValue("restarts"));
    }
    if (rolledBack != null) {
      clean.put("rolled_back", rolledBack);
    }
    if (s.getValue("rollout") != null) {
      clean.put("rollout", s.getValue("rollout"));
    }
    return clean;
  }

  /**
   * A transition's {@code restarts} and {@code rolled_back}, checked as a service's are, as one object
   * holding those present; {@link #INVALID} when either is not what Condo writes.
   */
  static JsonObject recovery(Object restarts, Object rolledBack) {
    JsonObject checked = rolledBack(rolledBack);
    if (checked == INVALID || !optionalCount(restarts)) {
      return INVALID;
    }
    return new JsonObject().put("restarts", restarts).put("rolled_back", checked);
  }

  /** Absent, or what {@link StateJson} writes of a rollback: the failed image, its error, when; else {@link #INVALID}. */
  private static JsonObject rolledBack(Object value) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonObject json) || !ROLLED_BACK_FIELDS.containsAll(json.fieldNames())
        || !isText(json.getValue("spec_image"), MAX_TEXT) || !optionalText(json.getValue("error"), MAX_ERROR)
        || json.getValue("at") == null || !optionalInstant(json.getValue("at"))) {
      return INVALID;
    }
    return new JsonObject().put("spec_image", json.getValue("spec_image")).put("error", json.getValue("error"))
        .put("at", json.getValue("at"));
  }
  /** Absent, or a whole number of restarts no service could reach by far. */
  private static boolean optionalCount(Object value) {
    return value == null || value instanceof Integer n && n >= 0 && n <= 100_000_000;
  }

  /** Null, a container with its image as text and every other field text or null, else {@link #INVALID}. */
  static JsonObject container(Object value) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonObject json) || !CONTAINER_FIELDS.containsAll(json.fieldNames())
        || !isText(json.getValue("image"), MAX_TEXT)) {
      return INVALID;
    }
    JsonObject clean = new JsonObject();
    for (String field : CONTAINER_FIELDS) {
      Object v = json.getValue(field);
      if (!optionalText(v, MAX_TEXT)) {
        return INVALID;
      }
      clean.put(field, v);
    }
    return clean;
  }

  private static JsonObject options(Object value) {
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonObject json) || !OPTION_FIELDS.containsAll(json.fieldNames())
        || !isText(json.getValue("deploy"), 64) || !seconds(json.getValue("health_timeout"))
        || !seconds(json.getValue("stop_timeout"))
        || !optionalText(json.getValue("on_failure"), 64) || !optionalText(json.getValue("on_unhealthy"), 64)
        || !optionalText(json.getValue("rollout"), 64)) {
      return INVALID;
    }
    return json.copy();
  }

  private static boolean seconds(Object value) {
    return (value instanceof Integer || value instanceof Long) && ((Number) value).longValue() >= 0
        && ((Number) value).longValue() <= 86_400;
  }

  private static boolean optionalInstant(Object value) {
    if (value == null) {
      return true;
    }
    if (!isText(value, 64)) {
      return false;
    }
    try {
      Instant.parse((String) value);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /** The text, cut to {@code max} characters (an ellipsis last) when longer. */
  static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }

  static boolean optionalText(Object value, int max) {
    return value == null || isText(value, max);
  }

  static boolean isText(Object value, int max) {
    return value instanceof String text && !text.isEmpty() && text.length() <= max;
  }
}
