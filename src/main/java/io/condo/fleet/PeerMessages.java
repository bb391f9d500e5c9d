package io.condo.fleet;

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
 * {"kind":"state","instance":"…","host":"…","node":"…","seq":7,"services":{…as in /v1/state…},
 *  "self":{…as in /v1/state…},
 *  "transition":{…the transition that made this state, see TransitionEvent; absent on a re-publish…}}
 * {"kind":"hello","instance":"…","node":"…"}   (a newcomer asking everyone to re-publish)
 * </pre>
 */
final class PeerMessages {

  private static final Pattern INSTANCE_ID = Pattern.compile("[0-9a-f]{6,64}");
  private static final int MAX_TEXT = 256;

  private PeerMessages() {
  }

  static JsonObject state(String instance, String host, String node, long seq, JsonObject services,
                          JsonObject self, TransitionEvent transition) {
    JsonObject message = new JsonObject().put("kind", "state").put("instance", instance).put("host", host)
        .put("node", node).put("seq", seq).put("services", services).put("self", self);
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
    if (!(body instanceof JsonObject message) || !"state".equals(message.getValue("kind"))) {
      return null;
    }
    if (!isText(message.getValue("instance")) || !INSTANCE_ID.matcher(message.getString("instance")).matches()
        || !isText(message.getValue("host")) || !isText(message.getValue("node"))
        || !(message.getValue("seq") instanceof Number)
        || !(message.getValue("services") instanceof JsonObject services)) {
      return null;
    }
    for (String name : services.fieldNames()) {
      if (name.length() > MAX_TEXT || !StateJson.isService(services.getValue(name))) {
        return null;
      }
    }
    Object self = message.getValue("self");
    if (self != null && !StateJson.isSelf(self)) {
      return null;
    }
    return new InstanceView(message.getString("instance"), message.getString("host"), message.getString("node"),
        services, (JsonObject) self);
  }

  static long seq(Object body) {
    return ((JsonObject) body).getLong("seq");
  }

  static boolean isHello(Object body) {
    return body instanceof JsonObject message && "hello".equals(message.getValue("kind"))
        && isText(message.getValue("node"));
  }

  private static boolean isText(Object value) {
    return value instanceof String text && !text.isEmpty() && text.length() <= MAX_TEXT;
  }
}
