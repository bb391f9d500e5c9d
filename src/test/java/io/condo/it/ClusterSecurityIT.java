package io.condo.it;

import io.condo.it.harness.Await;
import io.condo.it.harness.BridgeSocket;
import io.condo.it.harness.CondoProcess;
import io.condo.it.harness.CondoTestBase;
import io.condo.it.harness.TestCertificates;
import io.condo.it.harness.TestSecrets;
import io.condo.it.harness.WirePeer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.condo.bus.Addresses;
import io.condo.bus.FleetQuery;
import io.condo.bus.FleetSnapshot;
import io.condo.bus.MessageCodecs;
import io.condo.bus.Requests;
import io.condo.bus.RollClaim;
import io.condo.self.SelfRollVerticle;
import com.hazelcast.config.Config;
import io.condo.fleet.ClusterSettings;
import io.condo.fleet.FleetKeys;
import io.condo.fleet.HazelcastSetup;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The clustered event bus treated as a root shell: a foreign clustered Vert.x node, in this JVM,
 * tries to join a Condo fleet and to deliver messages to it.
 */
class ClusterSecurityIT extends CondoTestBase {

  static final Duration T = Duration.ofSeconds(60);
  private final List<Runnable> closers = new ArrayList<>();

  @AfterEach
  void closeForeignNodes() {
    closers.forEach(Runnable::run);
  }

  /** A node in the cluster, speaking the fleet's wire format through {@code peer}. */
  record Foreign(Vertx vertx, HazelcastInstance hazelcast, String node, WirePeer peer) {
  }

  /** A clustered Vert.x configured from the given settings, with event-bus TLS only if asked. */
  Foreign foreignNode(ClusterSettings settings, boolean withCondosTls) {
    return foreignNode(settings, null, withCondosTls);
  }

  /**
   * @param membershipName the Hazelcast cluster name to ask for (say, sniffed from the wire), or
   *     null for the one the settings derive
   */
  Foreign foreignNode(ClusterSettings settings, String membershipName, boolean withCondosTls) {
    String node = UUID.randomUUID().toString();
    FleetKeys keys = FleetKeys.of(settings);
    Config config = HazelcastSetup.config(settings, keys, node);
    if (membershipName != null) {
      config.setClusterName(membershipName);
    }
    HazelcastInstance hazelcast = Hazelcast.newHazelcastInstance(config);
    VertxOptions options = new VertxOptions();
    options.getEventBusOptions().setHost("127.0.0.1").setPort(0).setClusterPublicHost("127.0.0.1");
    if (withCondosTls) {
      io.condo.fleet.EventBusTlsAccess.apply(options.getEventBusOptions(), settings, keys);
    }
    Vertx vertx = Vertx.builder().with(options).withClusterManager(new HazelcastClusterManager(hazelcast))
        .buildClustered().await();
    closers.add(() -> {
      vertx.close().await();
      hazelcast.shutdown();
    });
    return new Foreign(vertx, hazelcast, node, new WirePeer(vertx, node));
  }

  static ClusterSettings settings(String name, int condoPort, String secret) {
    return new ClusterSettings(name, "127.0.0.1", CondoProcess.freePort(), 0, List.of("127.0.0.1:" + condoPort),
        false, secret, null);
  }

  static JsonObject fakeState(Foreign foreign, String instance) {
    JsonObject service = new JsonObject().put("state", "Stable").put("current",
        new JsonObject().put("id", "x").put("name", "x").put("image", "evil:1"));
    return WirePeer.delta(instance, "intruder", foreign.node(), "e1", 1, new JsonObject().put("web", service));
  }

  static boolean listsHost(CondoProcess condo, String host) {
    return new JsonObject(condo.get("/v1/global_state").body()).getJsonArray("instances").stream()
        .map(JsonObject.class::cast).anyMatch(i -> host.equals(i.getString("host")));
  }

  CondoProcess startCondo(String cluster, int port, String secret, Path specs) throws Exception {
    List<String> args = List.of("--cluster-name", cluster, "--cluster-host", "127.0.0.1",
        "--cluster-port", String.valueOf(port), "--cluster-members", "127.0.0.1:" + port);
    return condo(secret == null ? Map.of() : Map.of("CONDO_CLUSTER_SECRET", secret), args, specs).start();
  }

  @Test
  void aNodeWithoutTheSecretCannotJoinNorDeliverOneMessage() throws Exception {
    String cluster = unique("secure");
    int port = CondoProcess.freePort();
    String secret = TestSecrets.strong();
    List<String> keyFilesBefore = fleetKeyFiles();
    CondoProcess condo = startCondo(cluster, port, secret, prefix("specs"));
    assertEquals(keyFilesBefore, fleetKeyFiles(), "the derived private key never touches the disk");

    // Knowing only the fleet's name: a cluster of its own.
    Foreign outsider = foreignNode(settings(cluster, port, null), false);
    assertEquals(1, outsider.hazelcast().getCluster().getMembers().size(), "could not join");

    // Strangers in the fleet's very membership, under the name a sniffer reads off the wire: one
    // speaks plain TCP, the other TLS keyed by a secret of its own. Both are members; the event
    // bus refuses both, so their well-formed states never arrive.
    String sniffed = FleetKeys.of(settings(cluster, port, secret)).hazelcastClusterName();
    Foreign plain = foreignNode(settings(cluster, port, null), sniffed, false);
    Foreign wrongKey = foreignNode(settings(cluster, port, TestSecrets.strong()), sniffed, true);
    assertEquals(3, wrongKey.hazelcast().getCluster().getMembers().size(), "both strangers joined membership");
    List<Foreign> strangers = List.of(outsider, plain, wrongKey);
    strangers.forEach(stranger -> stranger.peer().publish(fakeState(stranger, "bad0bad0bad0")));

    // Control: a node that does know the secret is heard, and promptly. So the above would be too.
    Foreign member = foreignNode(settings(cluster, port, secret), true);
    JsonObject fake = fakeState(member, "900d900d900d").put("host", "member");
    Await.until("the real member's message to arrive", T, () -> {
      member.peer().publish(fake);
      return listsHost(condo, "member");
    });
    strangers.forEach(stranger -> stranger.peer().publish(fakeState(stranger, "bad0bad0bad0")));
    member.peer().publish(fake.copy().put("seq", 2).put("host", "member-2"));
    Await.until("the member's later message", T, () -> listsHost(condo, "member-2"));
    assertTrue(!listsHost(condo, "intruder"), "nothing from the nodes without the secret arrived");
    assertTrue(condo.logText().contains("event bus: mutual TLS keyed by the cluster secret"));
    assertTrue(!condo.logText().contains(secret), "the secret is never logged");
  }

  /** What an earlier Condo wrote of its derived identity to the temp directory (and left after kill -9). */
  private static List<String> fleetKeyFiles() throws java.io.IOException {
    try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(
        java.nio.file.Path.of(System.getProperty("java.io.tmpdir")))) {
      return files.map(f -> f.getFileName().toString()).filter(name -> name.startsWith("condo-fleet-")).sorted()
          .toList();
    }
  }

  @Test
  void aGuessableSecretIsRefusedAtStartWithoutRepeatingIt() throws Exception {
    CondoProcess condo = condo(Map.of("CONDO_CLUSTER_SECRET", "Password-2024!Secret#99"), List.of(
        "--cluster-name", unique("weak"), "--cluster-host", "127.0.0.1"), prefix("specs")).launch();
    assertNotEquals(0, condo.awaitExit(Duration.ofSeconds(20)));
    String said = condo.logText();
    assertTrue(said.contains("the cluster secret is too weak: it is little more than common words"), said);
    assertTrue(said.contains("condo secret"), "says how to make a good one: " + said);
    assertFalse(said.contains("Password-2024"), "never repeats the secret: " + said);
  }

  @Test
  void aForeignClusteredNodeCannotReachTheDockerWorkerNorTheStateMachine() throws Exception {
    String cluster = unique("open");
    int port = CondoProcess.freePort();
    Path specs = prefix("specs");
    String web = unique("web");
    writeSpec(specs, web, spec(GOOD_1, "[:Before]"));
    // The worst case: no secret at all, the foreign node is a full member of the cluster.
    CondoProcess condo = startCondo(cluster, port, null, specs);
    String running = id(condo.awaitState(web, "Stable", T), "current");
    Foreign foreign = foreignNode(settings(cluster, port, null), false);
    assertEquals(2, foreign.hazelcast().getCluster().getMembers().size());

    JsonObject remove = new JsonObject().put("ref", running).put("stopTimeoutSeconds", 0);
    for (String address : localAddresses()) {
      Throwable refused = foreign.vertx().eventBus().request(address, remove).map(m -> (Throwable) null)
          .otherwise(e -> e).await();
      ReplyException reply = assertInstanceOf(ReplyException.class, refused, address);
      assertEquals(ReplyFailure.NO_HANDLERS, reply.failureType(), address);
      foreign.vertx().eventBus().publish(address, remove);
    }
    JsonObject after = condo.awaitState(web, "Stable", T);
    assertEquals(running, id(after, "current"));
    assertEquals(List.of(running), docker.runningIds(serviceLabel(web)));
  }

  /**
   * vertx-web's bridge registers an event-bus consumer per browser subscription; on the clustered
   * bus each would be an entry in the cluster's subscription table. Condo runs the bridge on a bus
   * of its own, so twenty open tabs add nothing there, while they all receive every transition.
   */
  @Test
  void browserSubscriptionsNeverBecomeClusterWideRegistrations() throws Exception {
    String cluster = unique("tabs");
    int port = CondoProcess.freePort();
    String secret = TestSecrets.strong();
    Path specs = prefix("specs");
    CondoProcess condo = startCondo(cluster, port, secret, specs);
    Foreign member = foreignNode(settings(cluster, port, secret), true);
    com.hazelcast.multimap.MultiMap<Object, Object> subscriptions = member.hazelcast().getMultiMap("__vertx.subs");
    Await.until("Condo's fleet address in the subscription table", T,
        () -> subscriptions.get(Addresses.FLEET_STATE).size() == 1);
    java.util.Set<Object> addressesBefore = java.util.Set.copyOf(subscriptions.keySet());

    List<BridgeSocket> tabs = new ArrayList<>();
    try {
      for (int i = 0; i < 20; i++) {
        BridgeSocket tab = BridgeSocket.open(condo.url());
        tab.register(Addresses.UI_TRANSITIONS);
        tabs.add(tab);
      }
      String web = unique("web");
      writeSpec(specs, web, spec(GOOD_1, "[:Before]"));
      for (BridgeSocket tab : tabs) {
        JsonObject rec = tab.next(f -> "rec".equals(f.getString("type")), "a transition in every tab", T);
        assertEquals(web, rec.getJsonObject("body").getString("service"));
      }
      assertEquals(addressesBefore, java.util.Set.copyOf(subscriptions.keySet()), "no address added by the tabs");
      assertTrue(subscriptions.get(Addresses.UI_TRANSITIONS).isEmpty(), "the browsers' address is not clustered");
      assertEquals(1, subscriptions.get(Addresses.FLEET_STATE).size(), "control: the table is the live one");
    } finally {
      tabs.forEach(BridgeSocket::close);
    }
  }

  @Test
  void membersWithCertificatesFromTheFleetsCaShareStateAndOthersAreRefused() throws Exception {
    TestCertificates fleetCa = new TestCertificates(dir.resolve("pki"), "fleet-ca");
    TestCertificates otherCa = new TestCertificates(dir.resolve("other-pki"), "other-ca");
    String cluster = unique("tls");
    int[] ports = {CondoProcess.freePort(), CondoProcess.freePort()};
    String members = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1];
    List<CondoProcess> condos = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      TestCertificates.Member cert = fleetCa.member("member-" + i);
      condos.add(condo(Map.of(), List.of("--host", "tls-" + i, "--cluster-name", cluster,
          "--cluster-host", "127.0.0.1", "--cluster-port", String.valueOf(ports[i]), "--cluster-members", members,
          "--cluster-tls-cert", cert.cert().toString(), "--cluster-tls-key", cert.key().toString(),
          "--cluster-tls-ca", fleetCa.ca().toString()), prefix("specs-" + i)).start());
    }
    Await.until("both members in both views", T, () -> listsHost(condos.get(0), "tls-1") && listsHost(condos.get(1), "tls-0"));
    assertTrue(condos.get(0).logText().contains("event bus: mutual TLS with "));

    // A node whose certificate comes from another CA joins membership but delivers nothing;
    // one with the fleet's CA is heard.
    TestCertificates.Member outsider = otherCa.member("outsider");
    TestCertificates.Member insider = fleetCa.member("insider");
    Foreign refused = foreignNode(withTls(cluster, ports[0], outsider, otherCa.ca()), true);
    Foreign heard = foreignNode(withTls(cluster, ports[0], insider, fleetCa.ca()), true);
    JsonObject fromInsider = fakeState(heard, "900d900d900d").put("host", "insider");
    Await.until("the insider's message", T, () -> {
      refused.peer().publish(fakeState(refused, "bad0bad0bad0"));
      heard.peer().publish(fromInsider);
      return listsHost(condos.get(0), "insider");
    });
    assertTrue(!listsHost(condos.get(0), "intruder"), "the outsider's messages never arrived");
  }

  static ClusterSettings withTls(String cluster, int condoPort, TestCertificates.Member member, Path ca) {
    return new ClusterSettings(cluster, "127.0.0.1", CondoProcess.freePort(), 0, List.of("127.0.0.1:" + condoPort),
        false, null, new ClusterSettings.Tls(member.cert().toString(), member.key().toString(), ca.toString()));
  }

  /** Every address of {@link Addresses} but the one the fleet shares: none may answer a peer. */
  private static List<String> localAddresses() throws IllegalAccessException {
    List<String> addresses = new java.util.ArrayList<>();
    for (java.lang.reflect.Field field : Addresses.class.getFields()) {
      String address = (String) field.get(null);
      if (!address.equals(Addresses.FLEET_STATE) && !address.equals(Addresses.FLEET_PULL_PREFIX)) {
        addresses.add(address);
      }
    }
    addresses.add(Addresses.UI_TRANSITIONS);
    return List.copyOf(new java.util.LinkedHashSet<>(addresses));
  }

  @Test
  void aPlainHazelcastClientWithTheNameTagCannotConnectThoughAPlainMemberStillJoins() throws Exception {
    String cluster = unique("noclient");
    int port = CondoProcess.freePort();
    String secret = TestSecrets.strong();
    startCondo(cluster, port, secret, prefix("specs"));
    String sniffed = FleetKeys.of(settings(cluster, port, secret)).hazelcastClusterName();
    ClientConfig client = new ClientConfig().setClusterName(sniffed);
    client.getNetworkConfig().addAddress("127.0.0.1:" + port);
    client.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(5_000);
    IllegalStateException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> HazelcastClient.newHazelcastClient(client));
    assertTrue(refused.getMessage().contains("Unable to connect"), refused.getMessage());

    // Control: the same client reaches a member on Hazelcast's default network, so the refusal
    // above is the endpoint's, not the client's set-up.
    Config open = new Config().setClusterName(unique("control"));
    int controlPort = CondoProcess.freePort();
    open.getNetworkConfig().setPort(controlPort).setPortAutoIncrement(false);
    open.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
    open.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
    HazelcastInstance control = Hazelcast.newHazelcastInstance(open);
    closers.add(control::shutdown);
    ClientConfig toControl = new ClientConfig().setClusterName(open.getClusterName());
    toControl.getNetworkConfig().addAddress("127.0.0.1:" + controlPort);
    HazelcastClient.newHazelcastClient(toControl).shutdown();

    // The membership layer itself is not authenticated: a member with the name tag joins (and can
    // delay the fleet), which is why what Condo reads from Hazelcast is sealed.
    Foreign plain = foreignNode(settings(cluster, port, null), sniffed, false);
    assertEquals(2, plain.hazelcast().getCluster().getMembers().size());
  }

  @Test
  void aForgedRollEntryFromAMemberWithTheNameTagDoesNotStopTheRollButTheFleetsOwnDoes() throws Exception {
    String cluster = unique("roll");
    int port = CondoProcess.freePort();
    String secret = TestSecrets.strong();
    ClusterSettings fleet = new ClusterSettings(cluster, "127.0.0.1", port, 0, List.of("127.0.0.1:" + port), false,
        secret, null);
    byte[] rollKey = FleetKeys.of(fleet).rollEntryKey();
    Foreign host = foreignNode(fleet, true);
    Foreign failing = foreignNode(settings(cluster, port, secret), true);
    for (Foreign node : List.of(host, failing)) {
      MessageCodecs.registerAll(node.vertx().eventBus());
      Requests.answerNow(node.vertx().eventBus(), Addresses.FLEET_QUERY, (FleetQuery q) -> new FleetSnapshot(List.of()))
          .await();
    }
    host.vertx().deployVerticle(new SelfRollVerticle("a0a0a0a0a0a0", "host-a", null, dir.resolve("a/state"), rollKey, java.time.Clock.systemUTC()))
        .await();
    failing.vertx().deployVerticle(new SelfRollVerticle("b0b0b0b0b0b0", "host-b", null, dir.resolve("b/state"),
        rollKey, java.time.Clock.systemUTC())).await();

    // A stranger that read the name tag off the wire: a failure dated far in the future, and a
    // hand-over, under another instance's key and under the host's own.
    String sniffed = FleetKeys.of(fleet).hazelcastClusterName();
    Foreign stranger = foreignNode(settings(cluster, port, null), sniffed, false);
    var map = stranger.hazelcast().<String, String>getMap("condo.turns");
    map.put("c0c0c0c0c0c0/:self", new JsonObject().put("subject", ":self").put("instance", "c0c0c0c0c0c0")
        .put("host", "host-c").put("target", "v9").put("state", "failed").put("error", "forged")
        .put("at", java.time.Instant.now().toString()).encode());
    map.put("d0d0d0d0d0d0/:self", new JsonObject().put("v", 2).put("entry", "{}").put("mac", "AAAA").encode());
    assertEquals(RollClaim.Kind.GO, claim(host, "v2").kind(), "the forged entries are not believed");

    // The fleet's own failure, sealed, stops the roll as ever.
    failing.vertx().eventBus().send(Addresses.SELF_ROLL_ENDED, new RollClaim.Failed("v2", "the new Condo exited"));
    RollClaim.Verdict stopped = Await.until("the fleet's own failure to stop the roll", T, () -> claim(host, "v3"),
        v -> v.kind() == RollClaim.Kind.STOPPED);
    assertTrue(stopped.why().contains("host-b"), stopped.why());
    assertFalse(stopped.why().contains("forged"), stopped.why());
  }

  private static RollClaim.Verdict claim(Foreign node, String target) {
    return Requests.ask(node.vertx().eventBus(), Addresses.SELF_ROLL, new RollClaim(target)).await();
  }

  @Test
  void anInstanceIsHeardOnlyFromTheNodeThatAnnouncedItAndAForgedSeqPinsNothing() throws Exception {
    String cluster = unique("spoof");
    int port = CondoProcess.freePort();
    String secret = TestSecrets.strong();
    CondoProcess condo = startCondo(cluster, port, secret, prefix("specs"));
    Foreign owner = foreignNode(settings(cluster, port, secret), true);
    Foreign other = foreignNode(settings(cluster, port, secret), true);
    JsonObject announced = fakeState(owner, "a0a0a0a0a0a0").put("host", "owner");
    Await.until("the owner's instance in the view", T, () -> {
      owner.peer().publish(announced);
      return listsHost(condo, "owner");
    });

    // Another member, in its own name, then in the owner's name with a sequence number that would
    // pin the view for ever; then a service of the wrong kind, which wait_for reads.
    // Sent until heard (a new member's publishes reach Condo once it has learned Condo's subscription).
    Await.until("the other member's claim to be refused", T, () -> {
      other.peer().publish(fakeState(other, "a0a0a0a0a0a0").put("host", "impostor"));
      return condo.logText().contains("spoke for instance a0a0a0a0a0a0");
    });
    other.peer().publish(fakeState(owner, "a0a0a0a0a0a0").put("host", "impostor")
        .put("seq", 9e18));
    other.peer().publish(fakeState(owner, "a0a0a0a0a0a0").put("host", "impostor")
        .put("seq", 3));
    other.peer().publish(fakeState(other, "b0b0b0b0b0b0").put("host", "odd")
        .put("services", new JsonObject().put("web", new JsonObject().put("state", "Stable").put("current", "x"))));
    owner.peer().publish(announced.copy().put("seq", 2).put("host", "owner-2"));
    Await.until("the owner's next message", T, () -> listsHost(condo, "owner-2"));
    assertFalse(listsHost(condo, "impostor"), "no other node speaks for the owner's instance");
    Await.until("the other member's instance, without its malformed service", T, () -> {
      JsonObject odd = new JsonObject(condo.get("/v1/global_state").body()).getJsonArray("instances").stream()
          .map(JsonObject.class::cast).filter(i -> "odd".equals(i.getString("host"))).findFirst().orElse(null);
      return odd != null && !odd.getJsonObject("services").containsKey("web");
    });
    assertTrue(condo.logText().contains("sent a message in the name of node " + owner.node()), condo.logText());
    long asked = System.nanoTime();
    assertEquals(200, condo.get("/v1/wait_for?name=web&timeout=2s").statusCode(),
        "wait_for answers from the well-formed instances");
    assertTrue(System.nanoTime() - asked < Duration.ofSeconds(20).toNanos());

    // The owner leaves: its instance is forgotten, and another node may announce it afresh.
    owner.vertx().close().await();
    owner.hazelcast().shutdown();
    Await.until("the owner's departure", T, () -> !listsHost(condo, "owner-2"));
    Foreign heir = foreignNode(settings(cluster, port, secret), true);
    Await.until("the instance announced again, by another node", T, () -> {
      heir.peer().publish(fakeState(heir, "a0a0a0a0a0a0").put("host", "heir"));
      return listsHost(condo, "heir");
    });
  }
}
