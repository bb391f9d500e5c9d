package io.condo.fleet;

import io.condo.bus.MembershipChange;
import io.condo.bus.MembershipChange.Kind;
import com.hazelcast.core.LifecycleEvent;
import io.vertx.core.eventbus.DeliveryOptions;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.condo.bus.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A clustered Vert.x on a Hazelcast instance Condo owns, so that Condo hears membership changes
 * first-hand. The event bus binds the same address as Hazelcast.
 */
public final class Cluster {

  private static final Logger LOG = LoggerFactory.getLogger(Cluster.class);

  private final HazelcastInstance hazelcast;
  private final Vertx vertx;
  private final String node;
  /** Seals the roll's entries; null without a secret (then they cannot be authenticated). */
  private final byte[] rollKey;

  private Cluster(HazelcastInstance hazelcast, Vertx vertx, String node, byte[] rollKey) {
    this.hazelcast = hazelcast;
    this.vertx = vertx;
    this.node = node;
    this.rollKey = rollKey;
  }

  /** @param metrics where Vert.x's own metrics go */
  public static Cluster join(ClusterSettings settings, VertxMetricsSource metrics) {
    String node = UUID.randomUUID().toString();
    long deriving = System.nanoTime();
    FleetKeys keys = FleetKeys.of(settings);
    if (keys.hasSecret()) {
      LOG.info("fleet keys derived from the cluster secret in {} ms", (System.nanoTime() - deriving) / 1_000_000);
    }
    HazelcastInstance hazelcast = Hazelcast.newHazelcastInstance(HazelcastSetup.config(settings, keys, node));
    String address = HazelcastSetup.resolve(settings.host());
    VertxOptions options = new VertxOptions().setMetricsOptions(metrics.vertxOptions());
    options.getEventBusOptions().setHost(address).setPort(settings.busPort())
        .setClusterPublicHost(address).setClusterPublicPort(settings.busPort());
    String protection = EventBusTls.apply(options.getEventBusOptions(), settings, keys);
    LOG.info("joining fleet '{}' as {}:{}, members {}; event bus: {}", settings.name(), settings.host(),
        settings.port(), settings.multicast() ? "by multicast" : settings.members(), protection);
    Vertx vertx = Vertx.builder().with(options).withMetrics(metrics.vertxFactory())
        .withClusterManager(new HazelcastClusterManager(hazelcast)).buildClustered().await();
    LOG.info("fleet '{}' has {} members", settings.name(), hazelcast.getCluster().getMembers().size());
    MigrationWedgeRepair repair = MigrationWedgeRepair.of(hazelcast);
    vertx.setPeriodic(MigrationWedgeRepair.CHECK_EVERY_MILLIS,
        // Ordered: one look at a time, as the repair keeps what it saw.
        id -> vertx.executeBlocking(() -> repair.check(System.currentTimeMillis()), true));
    if (!keys.hasSecret()) {
      LOG.warn("no --cluster-secret: the self-deploy roll's entries in Hazelcast cannot be authenticated; "
          + "any member of the membership layer can hold the roll back or let it run");
    }
    return new Cluster(hazelcast, vertx, node, keys.hasSecret() ? keys.rollEntryKey() : null);
  }

  /** What Vert.x needs to report its own metrics. */
  public interface VertxMetricsSource {
    io.vertx.core.metrics.MetricsOptions vertxOptions();

    io.vertx.core.spi.VertxMetricsFactory vertxFactory();
  }

  public Vertx vertx() {
    return vertx;
  }

  /** The key sealing the roll's entries, or null without a secret. */
  public byte[] rollKey() {
    return rollKey == null ? null : rollKey.clone();
  }

  public String node() {
    return node;
  }

  public Set<String> members() {
    return hazelcast.getCluster().getMembers().stream().map(Cluster::nodeOf).collect(Collectors.toSet());
  }

  private static String nodeOf(Member member) {
    String id = member.getAttribute(HazelcastSetup.NODE_ID_ATTRIBUTE);
    return id != null ? id : member.getUuid().toString();
  }

  /**
   * Hazelcast's membership events, and this member's merge back after a split, as local messages
   * to the fleet verticle (local only: never routed through the cluster's own tables).
   */
  public void forwardMembershipTo(EventBus bus) {
    DeliveryOptions local = new DeliveryOptions().setLocalOnly(true);
    hazelcast.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        bus.send(Addresses.FLEET_MEMBERSHIP, new MembershipChange(nodeOf(event.getMember()), Kind.JOINED), local);
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        bus.send(Addresses.FLEET_MEMBERSHIP, new MembershipChange(nodeOf(event.getMember()), Kind.LEFT), local);
      }
    });
    hazelcast.getLifecycleService().addLifecycleListener(event -> {
      if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
        bus.send(Addresses.FLEET_MEMBERSHIP, new MembershipChange(node, Kind.MERGED), local);
      }
    });
  }

  public void leave() {
    if (hazelcast.getLifecycleService().isRunning()) {
      hazelcast.shutdown();
    }
  }
}
