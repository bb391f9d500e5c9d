package io.condo.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.condo.bus.RollClaim;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The fleet's turns on a real Vert.x (its shared data stands in for Hazelcast's, as it does for a
 * Condo that is not clustered): hosts claiming at the same instant never hold more turns than the
 * rule allows, and each subject's turns are its own.
 */
@ExtendWith(VertxExtension.class)
class TurnsTest {

  static final byte[] KEY = TurnSealTest.KEY;
  static final Set<String> LIVE = Set.of("h0", "h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8", "h9");

  /** Decided a moment after the turns were read, as a host asks for its fleet view in between. */
  static Future<RollClaim.Verdict> claimWeb(Vertx vertx, Turns turns, String host, int parallel) {
    return turns.claim("web",
        all -> vertx.timer(2).map(t -> RolloutDecision.of(host, "web", "v2", "web:2", parallel, all, LIVE, List.of(),
            Instant.now())),
        () -> Turn.deploying("web", host, "host-" + host, "v2", "web:2", Instant.now()));
  }

  @Test
  void tenHostsClaimingAtOnceGetNoMoreTurnsThanTheRolloutAllows(Vertx vertx) {
    List<Turns> hosts = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      hosts.add(Turns.open(vertx, KEY).await()); // each host its own table over the one map they share
    }
    List<Future<RollClaim.Verdict>> claims = java.util.Collections.synchronizedList(new ArrayList<>());
    vertx.runOnContext(v -> { // all ten in one turn of the event loop: every first look sees no turn
      for (int i = 0; i < 10; i++) {
        claims.add(claimWeb(vertx, hosts.get(i), "h" + i, 2));
      }
    });
    Awaitility.await().until(() -> claims.size() == 10);
    Future.all(claims).await();
    long granted = claims.stream().filter(c -> c.result().kind() == RollClaim.Kind.GO).count();
    assertEquals(2, granted, "at most :parallel hosts hold a turn");
    List<Turn> held = Turns.open(vertx, KEY).await().of("web").await();
    assertEquals(2, held.size(), "every granted turn is written down, and only those");
  }

  @Test
  void theSelfDeployRollAndAServicesRolloutTakeTurnsInOneMapYetApart(Vertx vertx) {
    Turns a = Turns.open(vertx, KEY).await();
    Turns b = Turns.open(vertx, KEY).await();
    assertEquals(RollClaim.Kind.GO, claimWeb(vertx, a, "h0", 1).await().kind());
    RollClaim.Verdict self = b.claim(Turn.SELF,
        all -> Future.succeededFuture(all.isEmpty() ? RollClaim.Verdict.go()
            : new RollClaim.Verdict(RollClaim.Kind.WAIT, "someone hands over")),
        () -> Turn.deploying(Turn.SELF, "h1", "host-h1", "s2", null, Instant.now())).await();
    assertEquals(RollClaim.Kind.GO, self.kind(), "a service's turn does not hold back the self-deploy roll");
    RollClaim.Verdict web = claimWeb(vertx, b, "h1", 1).await();
    assertEquals(RollClaim.Kind.WAIT, web.kind());
    assertTrue(web.why().contains("host-h0"), web.why());

    List<Turn> all = a.all().await();
    assertEquals(Set.of("h0/web", "h1/:self"), Set.copyOf(all.stream().map(Turn::key).toList()));
    a.remove("h0", "web").await();
    // Free at b's next claim once its shared look is renewed, as a waiting host asks every second.
    Awaitility.await().until(() -> claimWeb(vertx, b, "h1", 1).await().kind() == RollClaim.Kind.GO);
  }

  @Test
  void whatAStrangerWroteUnderThisHostsKeyIsRemovedAndNeverTakenForItsTurn(Vertx vertx) {
    Turns turns = Turns.open(vertx, KEY).await();
    vertx.sharedData().<String, String>getAsyncMap(Turns.MAP).await()
        .put("h0/web", Turn.deploying("web", "h0", "host-h0", "v2", "web:2", Instant.now()).toText()).await();
    assertEquals(null, turns.own("h0", "web").await(), "unsealed");
    assertEquals(List.of(), turns.all().await(), "and gone");
  }

  @Test
  void aMapFilledPastTheCapGrantsNoTurnRatherThanReadingPartOfIt(Vertx vertx) {
    Turns turns = Turns.open(vertx, KEY).await();
    var map = vertx.sharedData().<String, String>getAsyncMap(Turns.MAP).await();
    List<Future<Void>> puts = new ArrayList<>();
    for (int i = 0; i <= Turns.MAX_ENTRIES; i++) {
      puts.add(map.put("junk-" + i, "x"));
    }
    Future.all(puts).await();
    RollClaim.Verdict verdict = claimWeb(vertx, turns, "h0", 1000).await();
    assertEquals(RollClaim.Kind.WAIT, verdict.kind());
    assertEquals(Turns.UNREADABLE, verdict.why(), "what a stranger wrote is never quoted");
  }
}
