package io.condo.rollout;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One host's turn in a service's fleet rollout, as the fleet shares it (text in a cluster-wide map
 * under {@link #key()}): the host is deploying the spec whose body hash is {@code target} (image
 * {@code image}), or that deploy failed with {@code error}. A host whose turn is over has no entry.
 */
public record RolloutEntry(String service, String instance, String host, String target, String image,
                           boolean failed, String error, Instant at) {

  /** Longer names are not Condo's; a longer error is cut, so what a peer wrote cannot swell this host's state. */
  private static final int MAX_NAME = 256;
  private static final int MAX_IMAGE = 1024;
  private static final int MAX_ERROR = 1024;

  static RolloutEntry deploying(String service, String instance, String host, String target, String image) {
    return new RolloutEntry(service, instance, host, target, image, false, null, Instant.now());
  }

  RolloutEntry failedWith(String why) {
    return new RolloutEntry(service, instance, host, target, image, true, cut(why), Instant.now());
  }

  /** Where it is filed: one entry per host and service. */
  String key() {
    return keyOf(instance, service);
  }

  static String keyOf(String instance, String service) {
    return instance + "/" + service;
  }

  String toText() {
    return new JsonObject().put("service", service).put("instance", instance).put("host", host)
        .put("target", target).put("image", image).put("state", failed ? "failed" : "deploying")
        .put("error", error).put("at", at.toString()).encode();
  }

  private static String cut(String error) {
    return error == null || error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR) + "…";
  }

  private static boolean isText(String text, int max) {
    return text != null && !text.isEmpty() && text.length() <= max;
  }

  /** What a peer wrote, or null when it is not an entry filed under {@code key} (the map is shared: trust nothing in it). */
  static RolloutEntry parse(String key, String text) {
    try {
      JsonObject json = new JsonObject(text);
      String state = json.getString("state");
      RolloutEntry entry = new RolloutEntry(json.getString("service"), json.getString("instance"),
          json.getString("host"), json.getString("target"), json.getString("image"), "failed".equals(state),
          cut(json.getString("error")), Instant.parse(json.getString("at")));
      boolean complete = isText(entry.service, MAX_NAME) && isText(entry.instance, MAX_NAME)
          && isText(entry.host, MAX_NAME) && isText(entry.target, MAX_NAME) && isText(entry.image, MAX_IMAGE)
          && ("failed".equals(state) || "deploying".equals(state)) && entry.key().equals(key);
      return complete ? entry : null;
    } catch (ClassCastException | DecodeException | NullPointerException | java.time.format.DateTimeParseException e) {
      return null;
    }
  }
}
