package io.condo.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * Every live instance of the fleet, this one first, and the instances that left the view (died,
 * partitioned away, stopped) and have not come back: who is missing. Published locally after every
 * change. {@code cursor} is the newest transition this view includes (null where there is no
 * history, as read from Consul): a stream continues exactly after it. {@code repairing} names
 * the instances (or nodes) this view is known to be missing or to hold stale, while it asks them
 * for their state: no answer may take this view as the fleet's word until it is empty.
 */
public record FleetSnapshot(List<InstanceView> instances, List<Departure> departed, String cursor,
                            List<String> repairing) {

  public FleetSnapshot {
    instances = List.copyOf(instances);
    departed = List.copyOf(departed);
    repairing = List.copyOf(repairing);
  }

  public FleetSnapshot(List<InstanceView> instances) {
    this(instances, List.of(), null, List.of());
  }

  /** An instance that was in the view and left it at {@code leftAt}. */
  public record Departure(String instance, String host, Instant leftAt) {

    public JsonObject toJson() {
      return new JsonObject().put("instance", instance).put("host", host).put("left_at", leftAt.toString());
    }
  }

  public JsonArray departedJson() {
    JsonArray list = new JsonArray();
    departed.forEach(d -> list.add(d.toJson()));
    return list;
  }
}
