package io.condo.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.condo.bus.InstanceView;
import io.condo.fleet.PeerLedger.Ask;
import io.condo.fleet.PeerMessages.Origin;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rules that keep a copy of a peer exact, on messages as they come off the wire: a delta in
 * sequence is applied; a gap, a new run or a digest that differs asks for a snapshot; duplicates
 * and reordered messages change nothing; a snapshot replaces the copy whole.
 */
class PeerLedgerTest {

  static final String A = "0a0a0a0a0a0a";
  static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
  static final JsonObject SELF = PeerMessagesTest.SELF;
  final PeerLedger ledger = new PeerLedger();

  static JsonObject record(String image) {
    JsonObject record = PeerMessagesTest.STABLE.copy();
    record.getJsonObject("current").put("image", image);
    return record;
  }

  static PeerMessages.Update delta(String epoch, long seq, String service, JsonObject record) {
    Map<String, JsonObject> services = new HashMap<>();
    services.put(service, record);
    return PeerMessages.readUpdate(PeerMessages.delta(new Origin(A, "host-a", "node-a", epoch, seq), services, null,
        new io.condo.bus.TransitionEvent(A + ".e." + seq, A, "host-a", service, "Wait", "Stable", NOW,
            PeerMessagesTest.EVENT.current(), null, null, null, "health")));
  }

  static PeerMessages.Update snapshot(String node, String epoch, long seq, JsonObject services) {
    return PeerMessages.readUpdate(PeerMessages.snapshot(new Origin(A, "host-a", node, epoch, seq), services, SELF));
  }

  static PeerMessages.Beacon beacon(String epoch, long seq, JsonObject services) {
    return PeerMessages.readBeacon(PeerMessages.beacon(new Origin(A, "host-a", "node-a", epoch, seq),
        ViewDigestAccess.of(services, SELF)));
  }

  /** The ledger holds A at (e1, 5) with web on x:1, having asked for and taken its snapshot. */
  JsonObject known() {
    JsonObject services = new JsonObject().put("web", record("x:1")).put("db", record("pg:1"));
    ledger.beacon(beacon("e1", 5, services));
    assertEquals(List.of(new Ask("node-a", A)), ledger.due(NOW));
    PeerLedger.Outcome taken = ledger.snapshot(new Ask("node-a", A), snapshot("node-a", "e1", 5, services));
    assertNotNull(taken.joined());
    assertEquals(List.of(), ledger.repairing());
    return services;
  }

  JsonObject web() {
    InstanceView view = ledger.views().get(0);
    return view.service("web");
  }

  @Test
  void anUnknownInstanceIsPulledNotGuessedAndItsTransitionIsStillRecorded() {
    PeerLedger.Outcome outcome = ledger.delta(delta("e1", 7, "web", record("x:2")));
    assertFalse(outcome.changed());
    assertNotNull(outcome.transition(), "the transition is real, whether or not the view has the instance yet");
    assertTrue(ledger.views().isEmpty(), "no partial copy of an instance");
    assertEquals(List.of(new Ask("node-a", A)), ledger.due(NOW));
    assertEquals(List.of("instance " + A), ledger.repairing());
  }

  @Test
  void aDeltaInSequenceIsAppliedWithoutAsking() {
    known();
    PeerLedger.Outcome outcome = ledger.delta(delta("e1", 6, "web", record("x:2")));
    assertTrue(outcome.changed());
    assertEquals("x:2", web().getJsonObject("current").getString("image"));
    assertEquals(List.of(), ledger.due(NOW));
    assertEquals(List.of(), ledger.repairing());
  }

  @Test
  void aGapIsAppliedAndRepairedBySnapshot() {
    JsonObject services = known();
    PeerLedger.Outcome outcome = ledger.delta(delta("e1", 8, "web", record("x:3")));
    assertTrue(outcome.changed(), "what the delta says is newer than the copy");
    assertEquals(List.of("host-a"), ledger.repairing(), "but the copy is known to miss seq 6 and 7");
    assertEquals(List.of(new Ask("node-a", A)), ledger.due(NOW));
    services.put("web", record("x:3")).put("db", record("pg:2"));
    ledger.snapshot(new Ask("node-a", A), snapshot("node-a", "e1", 8, services));
    assertEquals(List.of(), ledger.repairing());
    assertEquals("pg:2", ledger.views().get(0).service("db").getJsonObject("current").getString("image"));
  }

  @Test
  void duplicatesAndOlderMessagesChangeNothing() {
    known();
    ledger.delta(delta("e1", 6, "web", record("x:2")));
    assertFalse(ledger.delta(delta("e1", 6, "web", record("x:2"))).changed());
    PeerLedger.Outcome older = ledger.delta(delta("e1", 4, "web", record("x:0")));
    assertFalse(older.changed());
    assertNull(older.transition(), "a duplicate is not recorded twice");
    assertEquals("x:2", web().getJsonObject("current").getString("image"));
    assertEquals(List.of(), ledger.due(NOW));
  }

  @Test
  void aSnapshotOlderThanTheCopyIsNotTaken() {
    JsonObject services = known();
    ledger.delta(delta("e1", 7, "web", record("x:3"))); // a gap: asks
    ledger.due(NOW);
    ledger.snapshot(new Ask("node-a", A), snapshot("node-a", "e1", 6, services.copy().put("web", record("x:2"))));
    assertEquals("x:3", web().getJsonObject("current").getString("image"));
    assertEquals(List.of("host-a"), ledger.repairing(), "still asking");
  }

  @Test
  void aPeerThatRestartedIsAskedForItsWholeState() {
    known();
    ledger.delta(delta("e2", 1, "web", record("x:9")));
    assertEquals(List.of("host-a"), ledger.repairing(), "a new run: what else changed is unknown");
    assertEquals(List.of(new Ask("node-a", A)), ledger.due(NOW));
    ledger.snapshot(new Ask("node-a", A), snapshot("node-a", "e2", 1, new JsonObject().put("web", record("x:9"))));
    assertNull(ledger.views().get(0).service("db"), "the service it no longer has is gone");
    assertEquals(List.of(), ledger.repairing());
  }

  @Test
  void aBeaconWithADigestThatDiffersAsksForASnapshot() {
    JsonObject services = known();
    ledger.beacon(beacon("e1", 5, services));
    assertEquals(List.of(), ledger.due(NOW), "the same digest: the copy is exact");
    ledger.beacon(beacon("e1", 5, services.copy().put("web", record("x:other"))));
    assertEquals(List.of(new Ask("node-a", A)), ledger.due(NOW));
  }

  @Test
  void aBeaconAheadOfTheCopyOrFromAnotherRunAsks() {
    JsonObject services = known();
    ledger.beacon(beacon("e1", 9, services));
    assertEquals(List.of(new Ask("node-a", A)), ledger.due(NOW));
    ledger.snapshot(new Ask("node-a", A), snapshot("node-a", "e1", 9, services));
    ledger.beacon(beacon("e7", 9, services));
    assertEquals(List.of(new Ask("node-a", A)), ledger.due(NOW));
  }

  @Test
  void anUnansweredAskIsSentAgainOnlyAfterAWhile() {
    ledger.beacon(beacon("e1", 1, new JsonObject()));
    assertEquals(1, ledger.due(NOW).size());
    assertEquals(0, ledger.due(NOW.plusSeconds(1)).size());
    assertEquals(1, ledger.due(NOW.plus(PeerLedger.ASK_AGAIN)).size());
  }

  @Test
  void aSnapshotFromAnotherNodeOrForAnotherInstanceIsNotTaken() {
    ledger.beacon(beacon("e1", 1, new JsonObject()));
    ledger.due(NOW);
    assertNull(ledger.snapshot(new Ask("node-a", A), snapshot("node-b", "e1", 1, new JsonObject())).joined());
    assertNull(ledger.snapshot(new Ask("node-a", "0b0b0b0b0b0b"), snapshot("node-a", "e1", 1, new JsonObject()))
        .joined());
    assertTrue(ledger.views().isEmpty());
  }

  @Test
  void aNodeThatLeavesTakesItsCopiesAndAsksWithIt() {
    known();
    ledger.want(new Ask("node-a", "0c0c0c0c0c0c"));
    assertEquals(List.of(new PeerLedger.Gone(A, "host-a")), ledger.depart("node-a"));
    assertTrue(ledger.views().isEmpty());
    assertEquals(List.of(), ledger.due(NOW));
  }

  @Test
  void aRecordTheReceiverLeavesOutStillCountsInTheDigest() {
    JsonObject services = new JsonObject().put("web", record("x:1")).put("odd", new JsonObject().put("state", "Hacked"));
    ledger.beacon(beacon("e1", 1, services));
    ledger.due(NOW);
    ledger.snapshot(new Ask("node-a", A), snapshot("node-a", "e1", 1, services));
    assertNull(ledger.views().get(0).service("odd"));
    ledger.beacon(beacon("e1", 1, services));
    assertEquals(List.of(), ledger.due(NOW.plusSeconds(60)), "no snapshot asked at every beacon");
  }
}
