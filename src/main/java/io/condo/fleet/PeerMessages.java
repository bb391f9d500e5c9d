package io.condo.fleet;

import io.condo.spec.SpecFileNames;
import io.condo.view.PeerJson;
import io.condo.view.StateJson;
import io.condo.view.TransitionEvents;
import io.condo.bus.TransitionEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What peers send each other, read defensively: the clustered event bus is an attack surface, so
 * anything not exactly of these shapes is dropped.
 *
 * <pre>
 * published to every peer on {@link io.condo.bus.Addresses#FLEET_STATE}:
 * {"kind":"delta","instance":"…","host":"…","node":"…","epoch":"…","seq":7,
 *  "services":{"web":{…as in /v1/state…},"gone":null},   (only what changed; null: removed)
 *  "self":{…as in /v1/state…},                           (only when it changed)
 *  "transition":{"id":"…","service":"web","from":"Wait","time":"…","reason":"health"}}
 *      (the transition that made it: the rest of it, where it went, is the service's record above)
 * {"kind":"beacon","instance":"…","host":"…","node":"…","epoch":"…","seq":7,"digest":"…"}
 *
 * point to point, on {@link #pullAddress}(node), answered by that node:
 * {"kind":"pull"}                       → {"kind":"roster","beacons":[{beacon}…]}  (who that node speaks for)
 * {"kind":"pull","instance":"…"}        → {"kind":"snapshot", as a delta, every service, self always}
 * </pre>
 *
 * Bounded: at most {@link #MAX_MESSAGE_CHARS} of JSON, {@link #MAX_SERVICES} services, every
 * field of its kind and size ({@link PeerJson}); {@code seq} a whole number within 2^53, counted
 * within the sender's {@code epoch} (one per process start).
 */
final class PeerMessages {

  private static final Pattern INSTANCE_ID = Pattern.compile("[0-9a-f]{6,64}");
  private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{16}");
  private static final int MAX_TEXT = 256;
  static final int MAX_MESSAGE_CHARS = 1 << 20;
  static final int MAX_SERVICES = 5000;
  static final int MAX_ROSTER = 1000;
  static final long MAX_SEQ = 1L << 53;

  private PeerMessages() {
  }

  /** The address a node answers pulls on: only that node listens there. */
  static String pullAddress(String node) {
    return io.condo.bus.Addresses.FLEET_PULL_PREFIX + node;
  }

  /** Who sent it, and where it stands in the sender's run. */
  record Origin(String instance, String host, String node, String epoch, long seq) {
  }

  /**
   * A delta or a snapshot as read: the services it carries, cleaned ({@code records}, null for one
   * removed or not of Condo's shape), the digest of each as it was sent ({@code digests}, null for
   * one removed), and self when it carries one.
   */
  record Update(boolean snapshot, Origin origin, Map<String, JsonObject> records, Map<String, String> digests,
                boolean carriesSelf, JsonObject self, TransitionEvent transition) {
  }

  record Beacon(Origin origin, String digest) {
  }

  static JsonObject delta(Origin origin, Map<String, JsonObject> services, JsonObject self,
                          TransitionEvent transition) {
    JsonObject message = head("delta", origin).put("services", table(services));
    if (self != null) {
      message.put("self", self);
    }
    return transition == null ? message : message.put("transition", new JsonObject().put("id", transition.id())
        .put("service", transition.service()).put("from", transition.from()).put("time", transition.time().toString())
        .put("reason", transition.reason()));
  }

  static JsonObject snapshot(Origin origin, JsonObject services, JsonObject self) {
    return head("snapshot", origin).put("services", services).put("self", self);
  }

  static JsonObject beacon(Origin origin, String digest) {
    return head("beacon", origin).put("digest", digest);
  }

  static JsonObject roster(List<JsonObject> beacons) {
    return new JsonObject().put("kind", "roster").put("beacons", new JsonArray(new ArrayList<>(beacons)));
  }

  static JsonObject pull(String instance) {
    JsonObject message = new JsonObject().put("kind", "pull");
    return instance == null ? message : message.put("instance", instance);
  }

  private static JsonObject head(String kind, Origin origin) {
    return new JsonObject().put("kind", kind).put("instance", origin.instance()).put("host", origin.host())
        .put("node", origin.node()).put("epoch", origin.epoch()).put("seq", origin.seq());
  }

  private static JsonObject table(Map<String, JsonObject> services) {
    JsonObject table = new JsonObject();
    services.forEach(table::put);
    return table;
  }

  static String kind(Object body) {
    return body instanceof JsonObject message && message.getValue("kind") instanceof String kind ? kind : "";
  }

  /** A well-formed delta or snapshot, else null. */
  static Update readUpdate(Object body) {
    if (!(body instanceof JsonObject message) || !JsonBudget.fits(message, MAX_MESSAGE_CHARS)) {
      return null;
    }
    boolean snapshot = "snapshot".equals(message.getValue("kind"));
    if (!snapshot && !"delta".equals(message.getValue("kind"))) {
      return null;
    }
    Origin origin = origin(message);
    if (origin == null || !(message.getValue("services") instanceof JsonObject services)
        || services.size() > MAX_SERVICES) {
      return null;
    }
    // A service not of Condo's shape is left out, not the whole instance: one bad field must not
    // hide a host from the fleet. Its digest is still of what was sent, so it does not look lost.
    Map<String, JsonObject> records = new TreeMap<>();
    Map<String, String> digests = new TreeMap<>();
    for (String name : services.fieldNames()) {
      if (!SpecFileNames.isValidServiceName(name)) {
        continue;
      }
      Object raw = services.getValue(name);
      if (raw == null && snapshot) {
        continue;
      }
      records.put(name, raw == null ? null : PeerJson.service(raw));
      digests.put(name, raw == null ? null : ViewDigest.ofRecord(raw));
    }
    boolean carriesSelf = snapshot || message.containsKey("self");
    Object self = message.getValue("self");
    if (self != null && !StateJson.isSelf(self)) {
      return null;
    }
    TransitionEvent transition = snapshot ? null : transition(message.getValue("transition"), services, origin);
    return new Update(snapshot, origin, records, digests, carriesSelf, (JsonObject) self, transition);
  }

  /**
   * The transition a delta carries, made whole from the record it carries for the service (where
   * it went), and checked as any peer's transition is; null when there is none or it is malformed.
   */
  private static TransitionEvent transition(Object value, JsonObject services, Origin origin) {
    if (!(value instanceof JsonObject slim) || !(slim.getValue("service") instanceof String service)
        || !services.containsKey(service)) {
      return null;
    }
    JsonObject record = services.getValue(service) instanceof JsonObject r ? r : null;
    if (record == null && services.getValue(service) != null) {
      return null;
    }
    JsonObject whole = new JsonObject().put("id", slim.getValue("id")).put("instance", origin.instance())
        .put("host", origin.host()).put("service", service).put("from", slim.getValue("from"))
        .put("time", slim.getValue("time")).put("reason", slim.getValue("reason"))
        .put("to", record == null ? null : record.getValue("state"))
        .put("current", record == null ? null : record.getValue("current"))
        .put("next", record == null ? null : record.getValue("next"))
        .put("error", record == null ? null : record.getValue("error"))
        .put("retry_at", record == null ? null : record.getValue("retry_at"))
        .put("restarts", record == null ? null : record.getValue("restarts"))
        .put("rolled_back", record == null ? null : record.getValue("rolled_back"));
    return TransitionEvents.fromPeer(whole, origin.instance(), origin.host());
  }

  /** A well-formed beacon, else null. */
  static Beacon readBeacon(Object body) {
    if (!(body instanceof JsonObject message) || !"beacon".equals(message.getValue("kind"))) {
      return null;
    }
    Origin origin = origin(message);
    return origin != null && message.getValue("digest") instanceof String digest && DIGEST.matcher(digest).matches()
        ? new Beacon(origin, digest) : null;
  }

  /** The beacons of a well-formed roster (the malformed ones left out), else null. */
  static List<Beacon> readRoster(Object body) {
    if (!(body instanceof JsonObject message) || !"roster".equals(message.getValue("kind"))
        || !(message.getValue("beacons") instanceof JsonArray beacons) || beacons.size() > MAX_ROSTER) {
      return null;
    }
    List<Beacon> read = new ArrayList<>();
    for (Object beacon : beacons) {
      Beacon one = readBeacon(beacon);
      if (one != null) {
        read.add(one);
      }
    }
    return read;
  }

  /**
   * A well-formed pull: empty for "who do you speak for", the instance's id for "its snapshot";
   * null when it is not a pull.
   */
  static java.util.Optional<String> readPull(Object body) {
    if (!(body instanceof JsonObject message) || !"pull".equals(message.getValue("kind"))
        || !java.util.Set.of("kind", "instance").containsAll(message.fieldNames())) {
      return null;
    }
    Object instance = message.getValue("instance");
    if (instance == null) {
      return java.util.Optional.empty();
    }
    return isText(instance) && INSTANCE_ID.matcher((String) instance).matches()
        ? java.util.Optional.of((String) instance) : null;
  }

  private static Origin origin(JsonObject message) {
    if (!isText(message.getValue("instance")) || !INSTANCE_ID.matcher(message.getString("instance")).matches()
        || !isText(message.getValue("host")) || !isText(message.getValue("node"))
        || !isText(message.getValue("epoch"))) {
      return null;
    }
    long seq = seq(message.getValue("seq"));
    return seq < 0 ? null : new Origin(message.getString("instance"), message.getString("host"),
        message.getString("node"), message.getString("epoch"), seq);
  }

  /** A whole number from 0 to 2^53; -1 when it is anything else. */
  private static long seq(Object seq) {
    if (!(seq instanceof Integer || seq instanceof Long)) {
      return -1;
    }
    long n = ((Number) seq).longValue();
    return n >= 0 && n <= MAX_SEQ ? n : -1;
  }

  private static boolean isText(Object value) {
    return value instanceof String text && !text.isEmpty() && text.length() <= MAX_TEXT;
  }
}
