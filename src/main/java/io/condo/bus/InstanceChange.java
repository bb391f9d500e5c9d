package io.condo.bus;

import io.vertx.core.json.JsonObject;

/**
 * An instance came into this instance's view of the fleet, or left it. Published locally by the
 * fleet verticle so that live readers (the browser bridge) need not re-read the whole fleet to
 * learn who is there. Transitions say what services did; these say who is present.
 */
public sealed interface InstanceChange {

  /** The name a reader sees this change under ({@code event:} in a stream, a header on the bridge). */
  String kind();

  JsonObject toJson();

  /** An instance joined, or came back: with all its services, as {@code /v1/global_state} has them. */
  record Joined(InstanceView view) implements InstanceChange {
    @Override
    public String kind() {
      return "joined";
    }

    @Override
    public JsonObject toJson() {
      return view.toJson();
    }
  }

  /** An instance left the view: it is named as departed until it comes back. */
  record Departed(FleetSnapshot.Departure departure) implements InstanceChange {
    @Override
    public String kind() {
      return "departed";
    }

    @Override
    public JsonObject toJson() {
      return departure.toJson();
    }
  }
}
