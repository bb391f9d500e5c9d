package io.condo.view;

import io.condo.bus.InstanceState;
import io.condo.bus.ServiceTransition;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * This instance's services as the state API shows them, kept current from the supervisor's
 * transitions: what the fleet and Consul publish. Loaded once from an {@link InstanceState};
 * a transition that arrives before that is simply overwritten by it, as the state includes it.
 */
public final class ServicesJson {

  private final Map<String, JsonObject> services = new TreeMap<>();
  private String instanceId;
  private String host;

  public void load(InstanceState state) {
    instanceId = state.instanceId();
    host = state.host();
    services.clear();
    state.services().forEach((name, status) -> services.put(name, StateJson.service(status)));
  }

  public void apply(ServiceTransition transition) {
    if (transition.status() == null) {
      services.remove(transition.service());
    } else {
      services.put(transition.service(), StateJson.service(transition.status()));
    }
  }

  public boolean isLoaded() {
    return instanceId != null;
  }

  public String instanceId() {
    return instanceId;
  }

  public String host() {
    return host;
  }

  public Set<String> names() {
    return services.keySet();
  }

  /** The service's JSON, or null when this instance has no such service. */
  public JsonObject get(String service) {
    return services.get(service);
  }

  /** Every service, by name, in name order. */
  public JsonObject toJson() {
    JsonObject all = new JsonObject();
    services.forEach(all::put);
    return all;
  }
}
