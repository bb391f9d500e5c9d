package io.condo.fleet;

import io.vertx.core.json.JsonObject;

/**
 * One instance of the fleet as the others see it: {@code services} has the same shape as
 * {@code /v1/state}'s services.
 */
public record InstanceView(String instance, String host, String node, JsonObject services) {

  public JsonObject toJson() {
    return new JsonObject().put("instance", instance).put("host", host).put("services", services);
  }
}
