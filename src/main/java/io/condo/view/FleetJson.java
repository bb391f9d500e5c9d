package io.condo.view;

import io.condo.bus.FleetSnapshot;
import io.condo.bus.InstanceView;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The fleet as {@code /v1/global_state} and a stream's snapshot show it: instances, and who left. */
public final class FleetJson {

  private FleetJson() {
  }

  public static JsonObject of(FleetSnapshot fleet) {
    JsonArray instances = new JsonArray();
    fleet.instances().stream().map(InstanceView::toJson).forEach(instances::add);
    return new JsonObject().put("instances", instances).put("departed", fleet.departedJson());
  }
}
