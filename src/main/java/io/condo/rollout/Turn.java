package io.condo.rollout;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One host's turn in one of the fleet's rollouts, as the fleet shares it (text in a cluster-wide map
 * under {@link #key()}): for the {@code subject} (a service, or {@link #SELF}, Condo replacing
 * itself), the host is deploying the spec whose body hash is {@code target}, or that deploy failed
 * with {@code error}. A host whose turn is over has no entry.
 *
 * @param image the target's image; null for {@link #SELF}, whose bodies are each host's own
 */
public record Turn(String subject, String instance, String host, String target, String image,
                   boolean failed, String error, Instant at) {

  /** The subject of the fleet's self-deploy roll: no service's name starts with a colon. */
  public static final String SELF = ":self";

  /** A turn dated further ahead than any clock of the fleet can be is not taken: it would never be forgotten. */
  static final java.time.Duration MAX_AHEAD = java.time.Duration.ofMinutes(2);
  /** The failure of a host gone from the fleet view this long is forgotten. */
  public static final java.time.Duration FAILURE_FORGOTTEN_AFTER = java.time.Duration.ofHours(24);

  /** Longer names are not Condo's; a longer error is cut, so what a peer wrote cannot swell this host's state. */
  private static final int MAX_NAME = 256;
  private static final int MAX_IMAGE = 1024;
  private static final int MAX_ERROR = 1024;

  public static Turn deploying(String subject, String instance, String host, String target, String image, Instant at) {
    return new Turn(subject, instance, host, target, image, false, null, at);
  }

  public Turn failedWith(String why, Instant at) {
    return new Turn(subject, instance, host, target, image, true, cut(why), at);
  }

  /** Whether the turn is dated no further ahead of {@code now} than a fleet's clocks can differ. */
  public boolean datedBy(Instant now) {
    return !at.isAfter(now.plus(MAX_AHEAD));
  }

  /** Where it is filed: one entry per host and subject. */
  String key() {
    return keyOf(instance, subject);
  }

  static String keyOf(String instance, String subject) {
    return instance + "/" + subject;
  }

  String toText() {
    return new JsonObject().put("subject", subject).put("instance", instance).put("host", host)
        .put("target", target).put("image", image).put("state", failed ? "failed" : "deploying")
        .put("error", error).put("at", at.toString()).encode();
  }

  private static String cut(String error) {
    return error == null || error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR) + "…";
  }

  private static boolean isText(String text, int max) {
    return text != null && !text.isEmpty() && text.length() <= max;
  }

  /** What a peer wrote, or null when it is not a turn filed under {@code key} (the map is shared: trust nothing in it). */
  static Turn parse(String key, String text) {
    try {
      JsonObject json = new JsonObject(text);
      String state = json.getString("state");
      Turn turn = new Turn(json.getString("subject"), json.getString("instance"), json.getString("host"),
          json.getString("target"), json.getString("image"), "failed".equals(state), cut(json.getString("error")),
          Instant.parse(json.getString("at")));
      boolean complete = isText(turn.subject, MAX_NAME) && isText(turn.instance, MAX_NAME)
          && isText(turn.host, MAX_NAME) && isText(turn.target, MAX_NAME)
          && (turn.image == null ? SELF.equals(turn.subject) : isText(turn.image, MAX_IMAGE))
          && ("failed".equals(state) || "deploying".equals(state)) && turn.key().equals(key);
      return complete ? turn : null;
    } catch (ClassCastException | DecodeException | NullPointerException | java.time.format.DateTimeParseException e) {
      return null;
    }
  }
}
