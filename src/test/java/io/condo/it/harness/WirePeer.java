package io.condo.it.harness;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.condo.fleet.ViewDigestAccess;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A node of the fleet that speaks Condo's wire format as written down here, independently of
 * Condo's own code: it publishes deltas and beacons on the fleet's address, and answers pulls on
 * its own address with its roster and with each instance's snapshot, as a real peer does.
 */
public final class WirePeer {

  public static final String STATE = "condo.fleet.state";

  private final Vertx vertx;
  private final String node;
  /** Each instance's whole state as a snapshot answers it, kept from what this node published. */
  private final Map<String, JsonObject> snapshots = new ConcurrentHashMap<>();

  public WirePeer(Vertx vertx, String node) {
    this.vertx = vertx;
    this.node = node;
    vertx.eventBus().<JsonObject>consumer("condo.fleet.pull." + node, pull -> {
      Object instance = pull.body().getValue("instance");
      if (instance == null) {
        JsonArray beacons = new JsonArray();
        snapshots.values().forEach(s -> beacons.add(beaconOf(s)));
        pull.reply(new JsonObject().put("kind", "roster").put("beacons", beacons));
      } else if (snapshots.containsKey(instance)) {
        pull.reply(snapshots.get(instance));
      } else {
        pull.fail(404, "no such instance");
      }
    }).completion().await();
  }

  public String node() {
    return node;
  }

  /**
   * Publishes a message as it is. A delta in this node's own name also sets what this node
   * answers for that instance: its services, merged, as the snapshot.
   */
  public void publish(JsonObject message) {
    if ("delta".equals(message.getValue("kind")) && node.equals(message.getValue("node"))
        && message.getValue("instance") instanceof String instance) {
      JsonObject before = snapshots.get(instance);
      JsonObject services = before == null ? new JsonObject() : before.getJsonObject("services").copy();
      if (message.getValue("services") instanceof JsonObject changed) {
        changed.forEach(e -> {
          if (e.getValue() == null) {
            services.remove(e.getKey());
          } else {
            services.put(e.getKey(), e.getValue());
          }
        });
      }
      JsonObject snapshot = message.copy().put("kind", "snapshot").put("services", services);
      snapshot.remove("transition");
      if (!snapshot.containsKey("self")) {
        snapshot.put("self", before == null ? null : before.getValue("self"));
      }
      snapshots.put(instance, snapshot);
    }
    vertx.eventBus().publish(STATE, message);
  }

  /** A delta of one instance: {@code services} are what changed (null: removed). */
  public static JsonObject delta(String instance, String host, String node, String epoch, long seq,
                                 JsonObject services) {
    return new JsonObject().put("kind", "delta").put("instance", instance).put("host", host).put("node", node)
        .put("epoch", epoch).put("seq", seq).put("services", services);
  }

  /**
   * Sets what this node answers for an instance without publishing it (as if its deltas were
   * lost), and publishes its beacon: a Condo pulls the snapshot.
   */
  public void replace(JsonObject snapshot) {
    snapshots.put(snapshot.getString("instance"), snapshot.copy());
    beacon(snapshot.getString("instance"));
  }

  /** Publishes the instance's beacon: its run, last number and digest. */
  public void beacon(String instance) {
    JsonObject snapshot = snapshots.get(instance);
    if (snapshot != null) {
      vertx.eventBus().publish(STATE, beaconOf(snapshot));
    }
  }

  /** The instance's last sequence number, 0 before its first message. */
  public long seq(String instance) {
    JsonObject snapshot = snapshots.get(instance);
    return snapshot == null ? 0 : snapshot.getLong("seq");
  }

  private static JsonObject beaconOf(JsonObject snapshot) {
    return new JsonObject().put("kind", "beacon").put("instance", snapshot.getValue("instance"))
        .put("host", snapshot.getValue("host")).put("node", snapshot.getValue("node"))
        .put("epoch", snapshot.getValue("epoch")).put("seq", snapshot.getValue("seq"))
        .put("digest", ViewDigestAccess.of(snapshot.getJsonObject("services"), snapshot.getJsonObject("self")));
  }
}
