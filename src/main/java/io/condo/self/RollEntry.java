package io.condo.self;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One host's part in the fleet's self-deploy roll, as the fleet shares it (text in a cluster-wide
 * map, by instance id): it is handing over to the {@code self.edn} whose body hash is
 * {@code target}, or that hand-over failed with {@code error}. A host whose new Condo joined the
 * fleet has no entry.
 */
record RollEntry(String instance, String host, String target, boolean failed, String error, Instant at) {

  /** Longer names are not Condo's; a longer error is cut, so what a peer wrote cannot swell this host's state. */
  private static final int MAX_NAME = 256;
  private static final int MAX_ERROR = 1024;

  static RollEntry handingOver(String instance, String host, String target) {
    return new RollEntry(instance, host, target, false, null, Instant.now());
  }

  RollEntry failedWith(String why) {
    return new RollEntry(instance, host, target, true, why, Instant.now());
  }

  String toText() {
    return new JsonObject().put("instance", instance).put("host", host).put("target", target)
        .put("state", failed ? "failed" : "handing-over").put("error", error).put("at", at.toString()).encode();
  }

  private static boolean isName(String text) {
    return text != null && !text.isEmpty() && text.length() <= MAX_NAME;
  }

  /** What a peer wrote, or null when it is not an entry (the map is shared: trust nothing in it). */
  static RollEntry parse(Object text) {
    try {
      JsonObject json = new JsonObject((String) text);
      String state = json.getString("state");
      String error = json.getString("error");
      RollEntry entry = new RollEntry(json.getString("instance"), json.getString("host"), json.getString("target"),
          "failed".equals(state), error == null || error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR) + "…",
          Instant.parse(json.getString("at")));
      boolean complete = isName(entry.instance) && isName(entry.host) && isName(entry.target)
          && ("failed".equals(state) || "handing-over".equals(state));
      return complete ? entry : null;
    } catch (ClassCastException | DecodeException | NullPointerException | java.time.format.DateTimeParseException e) {
      return null;
    }
  }
}
