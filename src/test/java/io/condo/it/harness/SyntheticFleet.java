package io.condo.it.harness;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.condo.fleet.ClusterSettings;
import io.condo.fleet.FleetKeys;
import io.condo.fleet.HazelcastSetup;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Many instances without their processes: one member of a real cluster that knows the secret
 * publishes, on the fleet's address and in its wire format, the states and transitions of
 * {@code hosts} simulated instances of {@code services} services each. Condo cannot tell them
 * from real peers, so pages and streams can be measured at a fleet's size on one machine.
 */
public final class SyntheticFleet implements AutoCloseable {

  public static final String ADDRESS = "condo.fleet.state";

  private final Vertx vertx;
  private final HazelcastInstance hazelcast;
  private final String node = UUID.randomUUID().toString();
  private final int hosts;
  private final int services;
  private static final String EPOCH = "sim" + Long.toString(System.currentTimeMillis(), 36);
  private final WirePeer peer;
  private long transitions;

  private SyntheticFleet(ClusterSettings settings, int hosts, int services) {
    this.hosts = hosts;
    this.services = services;
    FleetKeys keys = FleetKeys.of(settings);
    this.hazelcast = Hazelcast.newHazelcastInstance(HazelcastSetup.config(settings, keys, node));
    VertxOptions options = new VertxOptions();
    options.getEventBusOptions().setHost("127.0.0.1").setPort(0).setClusterPublicHost("127.0.0.1");
    io.condo.fleet.EventBusTlsAccess.apply(options.getEventBusOptions(), settings, keys);
    this.vertx = Vertx.builder().with(options).withClusterManager(new HazelcastClusterManager(hazelcast))
        .buildClustered().await();
    this.peer = new WirePeer(vertx, node);
  }

  /** Joins the fleet of the Condo at {@code condoClusterPort} with the given secret. */
  public static SyntheticFleet join(String cluster, int condoClusterPort, String secret, int hosts, int services) {
    return new SyntheticFleet(new ClusterSettings(cluster, "127.0.0.1", CondoProcess.freePort(), 0,
        List.of("127.0.0.1:" + condoClusterPort), false, secret, null), hosts, services);
  }

  public static String instance(int host) {
    return String.format("5e0000%06x", host);
  }

  public static String host(int host) {
    return String.format("sim-%03d", host);
  }

  public static String service(int service) {
    return String.format("svc-%02d", service);
  }

  /** Every simulated instance starts with all its services Stable on the image: a beacon each, then pulls. */
  public void publishAll(String image) {
    for (int h = 0; h < hosts; h++) {
      publishHost(h, image);
    }
  }

  /**
   * One simulated instance (any number, also beyond {@code hosts}) has all its services Stable on
   * the image, a step ahead of what it published: it says so in a beacon, and Condo pulls it.
   */
  public void publishHost(int host, String image) {
    JsonObject all = new JsonObject();
    for (int s = 0; s < services; s++) {
      all.put(service(s), serviceJson("Stable", image, null));
    }
    long next = peer.seq(instance(host)) + 1;
    peer.replace(WirePeer.delta(instance(host), host(host), node, EPOCH, next, all).put("kind", "snapshot")
        .put("self", null));
  }

  /** One transition of one service on one simulated instance, sent as a real peer sends it (a delta); returns its id. */
  public String transition(int host, int service, String from, String to, String image, String nextImage) {
    return transition(host, service, from, to, image, nextImage, null);
  }

  /** A transition that leaves the service with an error. */
  public String transition(int host, int service, String from, String to, String image, String nextImage,
                           String error) {
    return transition(host, service, from, to, image, nextImage, error, new JsonObject());
  }

  /** A transition whose service record also has {@code extra} fields (restarts, rolled_back). */
  public String transition(int host, int service, String from, String to, String image, String nextImage,
                           String error, JsonObject extra) {
    JsonObject changed = serviceJson(to, image, nextImage).put("error", error).mergeIn(extra);
    String id = instance(host) + ".sim." + ++transitions;
    JsonObject event = new JsonObject().put("id", id).put("instance", instance(host)).put("host", host(host))
        .put("service", service(service)).put("from", from).put("to", to).put("time", Instant.now().toString())
        .put("current", changed.getJsonObject("current")).put("next", changed.getJsonObject("next"))
        .put("error", error).put("retry_at", null);
    long next = peer.seq(instance(host)) + 1;
    peer.publish(WirePeer.delta(instance(host), host(host), node, EPOCH, next,
        new JsonObject().put(service(service), changed)).put("transition", event));
    return id;
  }

  /** Every simulated instance beacons as a real one does in a fleet of this size, until closed. */
  public void beaconLikeRealPeers() {
    long interval = Math.max(10_000, (long) Math.ceil(hosts / 2.0 * 1000));
    for (int h = 0; h < hosts; h++) {
      String instance = instance(h);
      vertx.setTimer(1 + interval * h / hosts, first -> {
        peer.beacon(instance);
        vertx.setPeriodic(interval, id -> peer.beacon(instance));
      });
    }
  }

  private static JsonObject serviceJson(String state, String image, String nextImage) {
    JsonObject current = new JsonObject().put("id", "c0ffee" + "0".repeat(58)).put("name", "sim")
        .put("image", image).put("created_at", "2026-11-28T00:00:00Z").put("stable_at", "2026-11-28T00:00:01Z");
    JsonObject next = nextImage == null ? null : new JsonObject().put("id", "beef" + "0".repeat(60))
        .put("name", "sim-next").put("image", nextImage).put("created_at", Instant.now().toString())
        .put("stable_at", null);
    return new JsonObject().put("state", state).put("current", current).put("next", next).put("retry_at", null)
        .put("error", null).put("file", "/var/lib/condo/sim.edn").put("options", null);
  }

  /** Leaves the cluster: every simulated instance departs at once. */
  @Override
  public void close() {
    if (hazelcast.getLifecycleService().isRunning()) {
      vertx.close().await();
      hazelcast.shutdown();
    }
  }
}
