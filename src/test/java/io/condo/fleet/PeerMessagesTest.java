package io.condo.fleet;

import io.condo.bus.TransitionEvent;
import io.condo.bus.InstanceView;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.json.JsonObject;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** What arrives from the cluster is read defensively: only exactly-shaped state is accepted. */
class PeerMessagesTest {

  static final TransitionEvent EVENT = new TransitionEvent("0123456789ab.run.7", "0123456789ab", "web-1", "nginx",
      "Wait", "Stable", java.time.Instant.parse("2026-11-28T10:00:00Z"),
      new JsonObject().put("id", "c0ffee").put("name", "nginx_x").put("image", "nginx:1").put("created_at",
          "2026-11-28T09:59:59Z").put("stable_at", "2026-11-28T10:00:00Z"), null, null, null, "health");

  /** A service exactly as StateJson writes one. */
  static final JsonObject STABLE = new JsonObject().put("state", "Stable")
      .put("current", new JsonObject().put("id", "c0ffee").put("name", "nginx_x").put("image", "nginx:1")
          .put("created_at", "2026-11-28T09:59:59Z").put("stable_at", "2026-11-28T10:00:00Z"))
      .put("next", null).put("retry_at", null).put("error", null).put("file", "/specs/nginx.edn")
      .put("options", new JsonObject().put("deploy", "[:Before]").put("health_timeout", 10).put("stop_timeout", 10));

  static final JsonObject SELF = new JsonObject().put("image", "condo:2").put("started_from", "9f2c")
      .put("state", "running").put("error", null);

  static JsonObject valid() {
    return PeerMessages.delta(new PeerMessages.Origin("0123456789ab", "web-1", "node-1", "run-1", 3),
        java.util.Map.of("nginx", STABLE.copy()), SELF.copy(), EVENT);
  }

  /** The instance's services and self as a delta carries them, or null when the message is dropped. */
  static InstanceView readState(Object message) {
    PeerMessages.Update update = PeerMessages.readUpdate(message);
    if (update == null) {
      return null;
    }
    JsonObject services = new JsonObject();
    update.records().forEach((name, record) -> {
      if (record != null) {
        services.put(name, record);
      }
    });
    return new InstanceView(update.origin().instance(), update.origin().host(), update.origin().node(), services,
        update.self());
  }

  static TransitionEvent transition(Object message) {
    PeerMessages.Update update = PeerMessages.readUpdate(message);
    return update == null ? null : update.transition();
  }

  @Test
  void theTransitionAStateCarriesIsReadExactly() {
    JsonObject message = valid();
    assertEquals(EVENT, transition(message));
  }

  static Stream<Consumer<JsonObject>> transitionCorruptions() {
    return Stream.of(
        m -> m.getJsonObject("transition").put("service", "../x"),
        m -> m.getJsonObject("transition").put("service", "other"),
        m -> m.getJsonObject("transition").put("from", "Owned"),
        m -> m.getJsonObject("transition").put("from", null),
        m -> m.getJsonObject("transition").put("time", "yesterday"),
        m -> m.getJsonObject("transition").put("id", 42),
        m -> m.getJsonObject("services").getJsonObject("nginx").put("retry_at", "soon"),
        m -> m.put("transition", "it changed"));
  }

  @ParameterizedTest
  @MethodSource("transitionCorruptions")
  void aMalformedTransitionIsDroppedWhileItsStateIsStillRead(Consumer<JsonObject> corrupt) {
    JsonObject message = valid();
    corrupt.accept(message);
    assertNotNull(readState(message));
    assertNull(transition(message));
  }

  @Test
  void aTransitionTravelsWithoutWhatItsRecordAlreadySays() {
    JsonObject slim = valid().getJsonObject("transition");
    assertEquals(java.util.Set.of("id", "service", "from", "time", "reason"), slim.fieldNames());
  }

  @Test
  void unknownFieldsOfATransitionAreLeftBehind() {
    JsonObject message = valid();
    message.getJsonObject("transition").put("spec", new JsonObject().put("Env", "SECRET=1")).put("to", "Init");
    assertEquals(EVENT, transition(message));
  }

  @Test
  void aWellFormedStateIsRead() {
    InstanceView view = readState(valid());
    assertNotNull(view);
    assertEquals("web-1", view.host());
    assertEquals(SELF, view.self());
    assertEquals(3, PeerMessages.readUpdate(valid()).origin().seq());
  }

  static Stream<Consumer<JsonObject>> corruptions() {
    return Stream.of(
        m -> m.put("kind", "command"),
        m -> m.put("instance", "../../etc"),
        m -> m.put("instance", 42),
        m -> m.remove("host"),
        m -> m.put("host", "x".repeat(1000)),
        m -> m.put("seq", "many"),
        m -> m.put("services", "all of them"),
        m -> m.put("self", "the best"),
        m -> m.getJsonObject("self").put("image", 42),
        m -> m.getJsonObject("self").put("command", "rm -rf /"),
        m -> m.getJsonObject("self").put("error", "x".repeat(10_000)),
        m -> {
          for (int i = 0; i <= PeerMessages.MAX_SERVICES; i++) {
            m.getJsonObject("services").put("s" + i, STABLE.copy());
          }
        },
        m -> m.put("seq", 9e18),
        m -> m.put("seq", 1.5),
        m -> m.put("seq", -1),
        m -> m.put("seq", (1L << 53) + 1),
        m -> m.put("epoch", 42),
        m -> m.remove("epoch"));
  }

  static Stream<Consumer<JsonObject>> serviceCorruptions() {
    return Stream.of(
        s -> s.put("state", "Hacked"),
        s -> s.put("current", "x:2"),
        s -> s.put("current", 42),
        s -> s.put("current", new JsonObject().put("id", "c0ffee")),
        s -> s.getJsonObject("current").put("image", 42),
        s -> s.put("next", "a container"),
        s -> s.put("error", new JsonObject()),
        s -> s.put("error", "x".repeat(9_000)),
        s -> s.put("retry_at", "soon"),
        s -> s.put("options", "fast"),
        s -> s.getJsonObject("options").put("health_timeout", "1"),
        s -> s.put("file", 42),
        s -> s.put("restarts", -1),
        s -> s.put("restarts", "many"),
        s -> s.put("restarts", 1.5),
        s -> s.put("restarts", 1_000_000_000),
        s -> s.put("rolled_back", "yes"),
        s -> s.put("rolled_back", new JsonObject().put("spec_image", "x:2").put("at", "2026-12-05T08:00:00Z")
            .put("spec", new JsonObject().put("Env", "A=1"))),
        s -> s.put("rolled_back", new JsonObject().put("spec_image", 42).put("at", "2026-12-05T08:00:00Z")),
        s -> s.put("rolled_back", new JsonObject().put("spec_image", "x:2").put("at", "yesterday")),
        s -> s.put("rolled_back", new JsonObject().put("spec_image", "x:2")),
        s -> s.getJsonObject("options").put("on_failure", 3),
        s -> s.put("spec", new JsonObject().put("Env", "A=1")));
  }

  @ParameterizedTest
  @MethodSource("serviceCorruptions")
  void aServiceNotOfCondosShapeIsLeftOutAndItsHostStaysInTheFleet(Consumer<JsonObject> corrupt) {
    JsonObject message = valid();
    message.getJsonObject("services").put("web", STABLE.copy());
    corrupt.accept(nginx(message));
    InstanceView view = readState(message);
    assertNotNull(view);
    assertNull(view.service("nginx"));
    assertEquals(STABLE, view.service("web"));
  }

  @Test
  void aRolledBackServiceKeepsWhatItSaysAndItsHealingOptions() {
    JsonObject message = valid();
    JsonObject rolled = STABLE.copy().put("rolled_back", new JsonObject().put("spec_image", "x:2")
        .put("error", "container is unhealthy").put("at", "2026-12-05T08:00:00Z"));
    rolled.getJsonObject("options").put("on_failure", "[:Rollback 2]").put("on_unhealthy", "[:Replace 30]");
    message.getJsonObject("services").put("web", rolled);
    assertEquals(rolled, readState(message).service("web"));
  }

  @Test
  void aServiceThatWasRestartedKeepsItsCount() {
    JsonObject message = valid();
    JsonObject restarted = STABLE.copy().put("restarts", 7);
    message.getJsonObject("services").put("web", restarted);
    assertEquals(restarted, readState(message).service("web"));
  }

  @Test
  void aServiceWithANameThatIsNotOneIsLeftOut() {
    JsonObject message = valid();
    message.getJsonObject("services").put("../x", STABLE.copy()).put("web", "Stable");
    assertEquals(java.util.Set.of("nginx"), readState(message).services().fieldNames());
  }

  private static JsonObject nginx(JsonObject message) {
    return message.getJsonObject("services").getJsonObject("nginx");
  }

  @Test
  void aMessageOverItsSizeIsDroppedBeforeItsServicesAreRead() {
    JsonObject message = valid();
    for (int i = 0; i < 200; i++) {
      message.getJsonObject("services").put("s" + i, STABLE.copy().put("error", "e".repeat(6_000)));
    }
    assertNull(readState(message));
  }

  @Test
  void whatStateJsonWritesIsReadAsItWasWritten() {
    assertEquals(STABLE, readState(valid()).service("nginx"));
  }

  @ParameterizedTest
  @MethodSource("corruptions")
  void anythingElseIsDropped(Consumer<JsonObject> corrupt) {
    JsonObject message = valid();
    corrupt.accept(message);
    assertNull(readState(message));
  }

  @Test
  void theAcceptedStatesAreTheSixOfTheStateApi() {
    assertEquals(java.util.Set.of("Init", "Wait", "TryAgain", "Stable", "WaitNext", "TryAgainNext"),
        io.condo.fsm.Snapshot.NAMES);
  }

  @Test
  void nonJsonIsDropped() {
    assertNull(readState("{\"kind\":\"delta\"}"));
    assertNull(readState(null));
  }

  static final PeerMessages.Origin ORIGIN = new PeerMessages.Origin("0123456789ab", "web-1", "node-1", "run-1", 3);

  @Test
  void aBeaconIsReadExactlyAndAnythingElseDropped() {
    JsonObject beacon = PeerMessages.beacon(ORIGIN, "0123456789abcdef");
    assertEquals(new PeerMessages.Beacon(ORIGIN, "0123456789abcdef"), PeerMessages.readBeacon(beacon));
    assertNull(PeerMessages.readBeacon(beacon.copy().put("digest", "not hex at all!!")));
    assertNull(PeerMessages.readBeacon(beacon.copy().put("digest", 42)));
    assertNull(PeerMessages.readBeacon(beacon.copy().put("seq", -3)));
    assertNull(PeerMessages.readBeacon(beacon.copy().put("kind", "delta")));
    assertNull(PeerMessages.readBeacon("beacon"));
  }

  @Test
  void aRosterKeepsItsWellFormedBeaconsAndIsBounded() {
    JsonObject good = PeerMessages.beacon(ORIGIN, "0123456789abcdef");
    JsonObject roster = PeerMessages.roster(java.util.List.of(good, new JsonObject().put("kind", "beacon")));
    assertEquals(1, PeerMessages.readRoster(roster).size());
    java.util.List<JsonObject> many = java.util.Collections.nCopies(PeerMessages.MAX_ROSTER + 1, good);
    assertNull(PeerMessages.readRoster(PeerMessages.roster(many)));
  }

  @Test
  void aPullAsksForTheRosterOrOneWellNamedInstance() {
    assertEquals(java.util.Optional.empty(), PeerMessages.readPull(PeerMessages.pull(null)));
    assertEquals(java.util.Optional.of("0123456789ab"), PeerMessages.readPull(PeerMessages.pull("0123456789ab")));
    assertNull(PeerMessages.readPull(PeerMessages.pull("../../etc")));
    assertNull(PeerMessages.readPull(PeerMessages.pull(null).put("docker", "rm -f")));
    assertNull(PeerMessages.readPull(new JsonObject().put("kind", "remove")));
  }

  @Test
  void aDeltaSaysWhichServicesWereRemovedAndASnapshotCarriesSelfAlways() {
    java.util.Map<String, JsonObject> changed = new java.util.HashMap<>();
    changed.put("gone", null);
    PeerMessages.Update delta = PeerMessages.readUpdate(PeerMessages.delta(ORIGIN, changed, null, null));
    assertTrue(delta.digests().containsKey("gone"));
    assertNull(delta.digests().get("gone"));
    assertFalse(delta.carriesSelf(), "self unchanged is not sent");
    PeerMessages.Update snapshot = PeerMessages.readUpdate(PeerMessages.snapshot(ORIGIN,
        new JsonObject().put("nginx", STABLE), null));
    assertTrue(snapshot.snapshot() && snapshot.carriesSelf());
  }
}
