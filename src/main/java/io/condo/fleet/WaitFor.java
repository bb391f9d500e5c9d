package io.condo.fleet;

import io.condo.bus.InstanceView;
import io.condo.bus.FleetSnapshot;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;


/**
 * The {@code wait_for} condition: every live instance that has the service (at least one) has it
 * Stable, on the image when one is given, and without an error.
 */
public final class WaitFor {

  private WaitFor() {
  }

  public record Verdict(boolean done, JsonArray instances, String message) {
  }

  public static Verdict evaluate(FleetSnapshot fleet, String service, String image) {
    JsonArray summaries = new JsonArray();
    boolean all = true;
    for (InstanceView instance : fleet.instances()) {
      JsonObject s = instance.service(service);
      if (s == null) {
        continue;
      }
      // Read by kind: a value of another kind is absent, never a reason to throw.
      String state = s.getValue("state") instanceof String text ? text : null;
      String running = s.getValue("current") instanceof JsonObject current
          && current.getValue("image") instanceof String text ? text : null;
      String error = s.getValue("error") instanceof String text ? text : null;
      JsonObject summary = new JsonObject().put("instance", instance.instance()).put("host", instance.host())
          .put("state", state).put("image", running);
      String rollout = s.getValue("rollout") instanceof String text ? text : null;
      String why = whyNot(state, running, image, error);
      if (why != null && rollout != null) {
        why += " (rollout: " + rollout + ")"; // waiting for its turn, or stopped by another host's failure
      }
      if (why != null) {
        all = false;
        summary.put("waiting_for", why);
      }
      summaries.add(summary);
    }
    if (summaries.isEmpty()) {
      return new Verdict(false, summaries, "no live instance has the service " + service);
    }
    if (!fleet.repairing().isEmpty()) {
      // A view with a known gap is never the fleet's word: the missing state is on its way.
      return new Verdict(false, summaries, "repairing this view of " + String.join(", ", fleet.repairing()));
    }
    return new Verdict(all, summaries, null);
  }

  private static String whyNot(String state, String running, String image, String error) {
    if (!"Stable".equals(state)) {
      String shown = state == null ? "no state" : state;
      return error != null ? shown + ": " + error : shown;
    }
    if (image != null && !image.equals(running)) {
      return "Stable on " + running + ", not " + image;
    }
    return error != null ? "Stable with an error: " + error : null;
  }

  /** {@code 90}, {@code 90s}, {@code 2m}, {@code 1h} or {@code 500ms}; null when not a duration. */
  public static java.time.Duration parseTimeout(String text) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,9})(ms|s|m|h)?").matcher(text.trim());
    if (!m.matches()) {
      return null;
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return switch (unit) {
      case "ms" -> java.time.Duration.ofMillis(n);
      case "m" -> java.time.Duration.ofMinutes(n);
      case "h" -> java.time.Duration.ofHours(n);
      default -> java.time.Duration.ofSeconds(n);
    };
  }

}
