package io.condo.bus;

import io.vertx.core.json.JsonObject;

/**
 * One instance of the fleet as the others see it: {@code services} has the same shape as
 * {@code /v1/state}'s services. Immutable: the services are copied in and out, as one view
 * reaches many readers by reference.
 */
public record InstanceView(String instance, String host, String node, JsonObject services) {

  public InstanceView {
    services = services.copy();
  }

  @Override
  public JsonObject services() {
    return services.copy();
  }

  /** One service as {@code /v1/state} shows it (a copy), or null. */
  public JsonObject service(String name) {
    JsonObject one = services.getJsonObject(name);
    return one == null ? null : one.copy();
  }

  /** Whether both show the same services, without copying either. */
  public boolean sameServicesAs(InstanceView other) {
    return services.equals(other.services);
  }

  public JsonObject toJson() {
    return new JsonObject().put("instance", instance).put("host", host).put("services", services.copy());
  }
}
