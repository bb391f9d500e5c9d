package io.condo.fleet;

import io.condo.spec.SpecFileNames;
import io.condo.view.PeerJson;
import io.condo.view.StateJson;
import io.condo.view.TransitionEvents;
import io.condo.bus.TransitionEvent;
import io.condo.bus.InstanceView;
import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;

/**
 * What peers send on {@link io.condo.bus.Addresses#FLEET_STATE}, read defensively: the clustered
 * event bus is an attack surface, so anything not exactly of this shape is dropped.
 *
 * <pre>
 * {"kind":"state","instance":"…","host":"…","node":"…","epoch":"…","seq":7,"services":{…as in /v1/state…},
 *  "self":{…as in /v1/state…},
 *  "transition":{…the transition that made this state, see TransitionEvent; absent on a re-publish…}}
 * {"kind":"hello","instance":"…","node":"…"}   (a newcomer asking everyone to re-publish)
 * </pre>
 *
 * Bounded: at most {@link #MAX_MESSAGE_CHARS} of JSON, {@link #MAX_SERVICES} services, every
 * field of its kind and size ({@link PeerJson}); {@code seq} a whole number within 2^53, counted
 * within the sender's {@code epoch} (one per process start).
 */
final class PeerMessages {

  private static final Pattern INSTANCE_ID = Pattern.compile("[0-9a-f]{6,64}");
  private static final int MAX_TEXT = 256;
  static final int MAX_MESSAGE_CHARS = 1 << 20;
  static final int MAX_SERVICES = 5000;
  static final long MAX_SEQ = 1L << 53;

  private PeerMessages() {
  }

  static JsonObject state(String instance, String host, String node, String epoch, long seq, JsonObject services,
                          JsonObject self, TransitionEvent transition) {
    JsonObject message = new JsonObject().put("kind", "state").put("instance", instance).put("host", host)
        .put("node", node).put("epoch", epoch).put("seq", seq).put("services", services).put("self", self);
    return transition == null ? message : message.put("transition", transition.toJson());
  }

  /** The transition a well-formed state message carries, if it carries a well-formed one from its sender. */
  static TransitionEvent transition(Object body, InstanceView sender) {
    return TransitionEvents.fromPeer(((JsonObject) body).getValue("transition"), sender.instance(), sender.host());
  }

  static JsonObject hello(String instance, String node) {
    return new JsonObject().put("kind", "hello").put("instance", instance).put("node", node);
  }

  /** The peer's view if the message is a well-formed state message, else null. */
  static InstanceView readState(Object body) {
    if (!(body instanceof JsonObject message) || !"state".equals(message.getValue("kind"))
        || !JsonBudget.fits(message, MAX_MESSAGE_CHARS)) {
      return null;
    }
    if (!isText(message.getValue("instance")) || !INSTANCE_ID.matcher(message.getString("instance")).matches()
        || !isText(message.getValue("host")) || !isText(message.getValue("node"))
        || message.getValue("epoch") != null && !isText(message.getValue("epoch"))
        || seq(message) < 0
        || !(message.getValue("services") instanceof JsonObject services) || services.size() > MAX_SERVICES) {
      return null;
    }
    // A service not of Condo's shape is left out, not the whole instance: one bad field must not
    // hide a host from the fleet.
    JsonObject clean = new JsonObject();
    for (String name : services.fieldNames()) {
      JsonObject service = PeerJson.service(services.getValue(name));
      if (SpecFileNames.isValidServiceName(name) && service != null) {
        clean.put(name, service);
      }
    }
    Object self = message.getValue("self");
    if (self != null && !StateJson.isSelf(self)) {
      return null;
    }
    return new InstanceView(message.getString("instance"), message.getString("host"), message.getString("node"),
        clean, (JsonObject) self);
  }

  /** The message's sequence number: a whole number from 0 to 2^53; -1 when it is anything else. */
  static long seq(Object body) {
    Object seq = ((JsonObject) body).getValue("seq");
    if (!(seq instanceof Integer || seq instanceof Long)) {
      return -1;
    }
    long n = ((Number) seq).longValue();
    return n >= 0 && n <= MAX_SEQ ? n : -1;
  }

  /** The sender's process start the sequence number counts in; "" from a peer that does not say. */
  static String epoch(Object body) {
    Object epoch = ((JsonObject) body).getValue("epoch");
    return epoch instanceof String text ? text : "";
  }

  static boolean isHello(Object body) {
    return body instanceof JsonObject message && "hello".equals(message.getValue("kind"))
        && isText(message.getValue("node"));
  }

  private static boolean isText(Object value) {
    return value instanceof String text && !text.isEmpty() && text.length() <= MAX_TEXT;
  }
}
