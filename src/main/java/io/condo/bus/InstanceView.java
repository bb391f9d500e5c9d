package io.condo.bus;

import io.vertx.core.json.JsonObject;

/**
 * One instance of the fleet as the others see it: {@code services} has the same shape as
 * {@code /v1/state}'s services, {@code self} as its {@code "self"} (null where it is not known, as
 * in Consul). Immutable: the JSON is copied in and out, as one view reaches many readers by
 * reference.
 */
public record InstanceView(String instance, String host, String node, JsonObject services, JsonObject self) {

  public InstanceView {
    services = services.copy();
    self = self == null ? null : self.copy();
  }

  public InstanceView(String instance, String host, String node, JsonObject services) {
    this(instance, host, node, services, null);
  }

  @Override
  public JsonObject self() {
    return self == null ? null : self.copy();
  }

  @Override
  public JsonObject services() {
    return services.copy();
  }

  /** One service as {@code /v1/state} shows it (a copy), or null. */
  public JsonObject service(String name) {
    return services.getValue(name) instanceof JsonObject one ? one.copy() : null;
  }

  /** Whether both show the same services and self, without copying either. */
  public boolean sameAs(InstanceView other) {
    return services.equals(other.services) && java.util.Objects.equals(self, other.self);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("instance", instance).put("host", host);
    if (self != null) {
      json.put("self", self.copy());
    }
    return json.put("services", services.copy());
  }
}
