package io.condo.fleet;

import io.condo.bus.InstanceState;
import io.condo.bus.InstanceView;
import io.condo.bus.SelfStatus;
import io.condo.bus.ServiceTransition;
import io.condo.bus.TransitionEvent;
import io.condo.fleet.PeerMessages.Origin;
import io.condo.view.ServicesJson;
import io.condo.view.StateJson;
import io.condo.view.TransitionEvents;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * This instance as its peers see it: its services and self as {@code /v1/state} shows them, the
 * run (epoch) and sequence number its messages count in, and the digest its beacon carries. Every
 * change yields the one delta that tells it.
 */
final class OwnRecord {

  private final String node;
  private final ServicesJson services = new ServicesJson();
  /** Each service's digest as peers compute it from what they receive. */
  private final Map<String, String> digests = new TreeMap<>();
  private JsonObject self;
  /**
   * Names this run of the instance in transition ids, so ids never repeat across restarts, and is
   * the epoch its sequence numbers count in.
   */
  private final String run = Long.toString(System.currentTimeMillis(), 36)
      + Long.toString(new SecureRandom().nextLong() & Long.MAX_VALUE, 36);
  private long seq;
  private long transitions;

  OwnRecord(String node) {
    this.node = node;
  }

  void load(InstanceState state, SelfStatus selfStatus) {
    self = StateJson.self(selfStatus);
    services.load(state);
    digests.clear();
    services.names().forEach(name -> digests.put(name, ViewDigest.ofRecord(services.get(name))));
  }

  boolean isLoaded() {
    return services.isLoaded();
  }

  String instanceId() {
    return services.instanceId();
  }

  /** The transition's event (null before the state is loaded; it is then in the state read). */
  TransitionEvent apply(ServiceTransition transition) {
    services.apply(transition);
    JsonObject record = services.get(transition.service());
    if (record == null) {
      digests.remove(transition.service());
    } else {
      digests.put(transition.service(), ViewDigest.ofRecord(record));
    }
    return isLoaded()
        ? TransitionEvents.of(instanceId() + "." + run + "." + ++transitions, services.host(), transition) : null;
  }

  /** The delta telling peers of the service's change; the next number in this run. */
  JsonObject delta(String service, TransitionEvent event) {
    Map<String, JsonObject> changed = new HashMap<>();
    changed.put(service, services.get(service));
    seq++;
    return PeerMessages.delta(origin(), changed, null, event);
  }

  /** Self changed: the delta telling peers, the next number in this run. */
  JsonObject selfChanged(SelfStatus selfStatus) {
    self = StateJson.self(selfStatus);
    seq++;
    return PeerMessages.delta(origin(), Map.of(), self, null);
  }

  JsonObject beacon() {
    return PeerMessages.beacon(origin(), ViewDigest.ofTable(digests, ViewDigest.ofRecord(self)));
  }

  JsonObject snapshot() {
    return PeerMessages.snapshot(origin(), services.toJson(), self);
  }

  InstanceView view() {
    return new InstanceView(instanceId(), services.host(), node, services.toJson(), self);
  }

  private Origin origin() {
    return new Origin(instanceId(), services.host(), node, run, seq);
  }
}
