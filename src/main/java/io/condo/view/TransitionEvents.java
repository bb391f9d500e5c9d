package io.condo.view;

import io.condo.bus.ServiceTransition;
import io.condo.bus.TransitionEvent;
import io.condo.fsm.Reason;
import io.condo.fsm.Snapshot;
import io.condo.spec.SpecFileNames;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Transition events made from this instance's own transitions, and read from peers' messages:
 * the one place a transition takes the shape the stream, the bridge and the UI show, and the one
 * place a peer's is checked field by field before anyone shows it.
 */
public final class TransitionEvents {

  private static final int MAX_TEXT = 256;
  private static final int MAX_ERROR = 8192;

  private TransitionEvents() {
  }

  public static TransitionEvent of(String id, String host, ServiceTransition t) {
    JsonObject service = t.status() == null ? null : StateJson.service(t.status());
    return new TransitionEvent(id, t.instanceId(), host, t.service(), t.from(),
        service == null ? null : service.getString("state"), t.at(),
        service == null ? null : service.getJsonObject("current"),
        service == null ? null : service.getJsonObject("next"),
        service == null ? null : service.getString("error"),
        service == null ? null : service.getString("retry_at"), t.reason(),
        service == null ? null : service.getInteger("restarts"),
        service == null ? null : service.getJsonObject("rolled_back"),
        service == null ? null : service.getString("rollout"));
  }

  /**
   * A peer's transition as it came over the cluster, if it is exactly of this shape and from the
   * instance that sent it; else null. Only the known fields are kept.
   */
  public static TransitionEvent fromPeer(Object body, String sender, String senderHost) {
    if (!(body instanceof JsonObject json)) {
      return null;
    }
    try {
      String id = text(json, "id", MAX_TEXT);
      String service = text(json, "service", MAX_TEXT);
      String from = text(json, "from", MAX_TEXT);
      String to = text(json, "to", MAX_TEXT);
      String error = text(json, "error", MAX_ERROR);
      String retryAt = text(json, "retry_at", MAX_TEXT);
      String rollout = text(json, "rollout", MAX_ERROR);
      if (id == null || !sender.equals(json.getValue("instance")) || !senderHost.equals(json.getValue("host"))
          || service == null || !SpecFileNames.isValidServiceName(service)
          || from == null || !Snapshot.NAMES.contains(from) || to != null && !Snapshot.NAMES.contains(to)
          || error == null && json.getValue("error") != null || to == null && json.getValue("to") != null
          || retryAt == null && json.getValue("retry_at") != null
          || rollout == null && json.getValue("rollout") != null
          || json.getValue("reason") != null && !Reason.isLabel(json.getValue("reason"))) {
        return null;
      }
      Instant time = Instant.parse(text(json, "time", MAX_TEXT));
      if (retryAt != null) {
        Instant.parse(retryAt);
      }
      JsonObject current = PeerJson.container(json.getValue("current"));
      JsonObject next = PeerJson.container(json.getValue("next"));
      if (current == PeerJson.INVALID || next == PeerJson.INVALID) {
        return null;
      }
      JsonObject marks = PeerJson.recovery(json.getValue("restarts"), json.getValue("rolled_back"));
      if (marks == PeerJson.INVALID) {
        return null;
      }
      return new TransitionEvent(id, sender, senderHost, service, from, to, time, current, next, error, retryAt,
          (String) json.getValue("reason"), marks.getInteger("restarts"), marks.getJsonObject("rolled_back"), rollout);
    } catch (DateTimeParseException | NullPointerException e) {
      return null;
    }
  }

  /** The field if it is text of at most {@code max} characters, else null. */
  private static String text(JsonObject json, String field, int max) {
    Object value = json.getValue(field);
    return isText(value, max) ? (String) value : null;
  }

  private static boolean isText(Object value, int max) {
    return value instanceof String text && !text.isEmpty() && text.length() <= max;
  }
}
