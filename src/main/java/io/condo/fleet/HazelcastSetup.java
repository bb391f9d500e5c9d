package io.condo.fleet;

import com.hazelcast.config.AdvancedNetworkConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.InterfacesConfig;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.ServerSocketEndpointConfig;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Hazelcast as Condo wants it: membership configured, not guessed (one interface, TCP-IP join to
 * the given members, multicast and auto-detection only when asked), members only (Hazelcast's
 * client protocol is not offered), no phone-home, and failure detection tuned so a dead or cut-off
 * member leaves within seconds instead of a minute.
 */
public final class HazelcastSetup {

  /**
   * Heartbeats every 2 s (each goes to every other member: the fleet's idle traffic is mostly
   * these); a member silent for this long is removed.
   */
  public static final int HEARTBEAT_SECONDS = 2;
  public static final int MAX_NO_HEARTBEAT_SECONDS = 6;

  private HazelcastSetup() {
  }

  /** The member attribute Vert.x reads its node id from when it is handed a Hazelcast instance. */
  static final String NODE_ID_ATTRIBUTE = "__vertx.nodeId";

  /** @param nodeId this node's id, stable even if Hazelcast re-keys the member after a merge */
  public static Config config(ClusterSettings cluster, FleetKeys keys, String nodeId) {
    Config config = ConfigUtil.loadConfig();
    config.getMemberAttributeConfig().setAttribute(NODE_ID_ATTRIBUTE, nodeId);
    config.setClusterName(keys.hazelcastClusterName());
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.heartbeat.interval.seconds", String.valueOf(HEARTBEAT_SECONDS));
    config.setProperty("hazelcast.max.no.heartbeat.seconds", String.valueOf(MAX_NO_HEARTBEAT_SECONDS));
    config.setProperty("hazelcast.heartbeat.failuredetector.type", "deadline");
    config.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
    config.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
    config.setProperty("hazelcast.socket.bind.any", "false");
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    // Hazelcast's own metrics are collected every few seconds whether anyone reads them or not;
    // Condo's are at /metrics.
    config.getMetricsConfig().setEnabled(false);
    // Condo keeps a few small maps (Vert.x's subscriptions and nodes, the self-deploy roll): the
    // periodic work sized for big data is slowed down, and the watchdogs nobody reads are off.
    config.setProperty("hazelcast.partition.backup.sync.interval", "300");
    config.setProperty("hazelcast.partition.table.send.interval", "60");
    config.setProperty("hazelcast.slow.operation.detector.enabled", "false");
    config.setProperty("hazelcast.health.monitoring.level", "OFF");
    config.setProperty("hazelcast.io.balancer.interval.seconds", "-1");
    config.getJetConfig().setEnabled(false);
    // Idle wake-ups that serve nothing Condo uses: CRDT replication every second (no counters are
    // used), three input and three output IO threads each woken by the per-second metrics publish
    // (one each carries membership and a few small maps), and the network byte counters (they only
    // feed Hazelcast's own metrics; the interval must stay positive or the server does not start).
    config.getCRDTReplicationConfig().setReplicationPeriodMillis(3_600_000);
    config.setProperty("hazelcast.io.thread.count", "1");
    config.setProperty("hazelcast.network.stats.refresh.interval.seconds", "60");

    String address = resolve(cluster.host());
    // Members only: with the advanced network Hazelcast opens exactly the endpoints configured, and
    // the one configured speaks the member protocol. A client (or REST, memcache) is refused at its
    // first bytes, whatever cluster name it asks for.
    AdvancedNetworkConfig network = config.getAdvancedNetworkConfig().setEnabled(true);
    ServerSocketEndpointConfig member = new ServerSocketEndpointConfig();
    member.setPort(cluster.port()).setPortAutoIncrement(false).setPublicAddress(address + ":" + cluster.port());
    member.setInterfaces(new InterfacesConfig().setEnabled(true).addInterface(address));
    network.setMemberEndpointConfig(member);
    JoinConfig join = network.getJoin();
    join.getAutoDetectionConfig().setEnabled(false);
    join.getMulticastConfig().setEnabled(cluster.multicast());
    join.getTcpIpConfig().setEnabled(!cluster.multicast());
    for (String peer : cluster.members()) {
      join.getTcpIpConfig().addMember(resolveMember(peer));
    }
    // Hazelcast reads the advanced network now; Vert.x still asks this one for the public address.
    config.getNetworkConfig().setPublicAddress(address + ":" + cluster.port());
    // A member may put any object in any map that Condo and Vert.x read: Java-serialized values are
    // only made of Hazelcast's and the JDK's own classes.
    config.getSerializationConfig().setJavaSerializationFilterConfig(new JavaSerializationFilterConfig());
    return config;
  }

  /**
   * Hazelcast's TCP join does not find members given by host name (a container's network alias):
   * names are resolved here. A name that does not resolve yet (a peer not started) is kept as it
   * is; that peer finds this one when it starts.
   */
  static String resolveMember(String member) {
    int colon = member.lastIndexOf(':');
    String host = colon > 0 ? member.substring(0, colon) : member;
    String port = colon > 0 ? member.substring(colon) : "";
    try {
      return InetAddress.getByName(host).getHostAddress() + port;
    } catch (UnknownHostException e) {
      return member;
    }
  }

  /** Hazelcast binds to an address, not a name: a container's network alias is resolved here. */
  static String resolve(String host) {
    try {
      return InetAddress.getByName(host).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("--cluster-host " + host + " does not resolve to an address");
    }
  }
}
