package io.condo.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.condo.fleet.ClusterSettings;
import io.condo.fleet.FleetKeys;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Only what the fleet sealed is believed from the turns' Hazelcast map, which any node that read
 * the cluster name off the wire can write, and only whole, under the key it was filed under.
 */
class TurnSealTest {

  static final byte[] KEY = FleetKeys.of(new ClusterSettings("prod", "127.0.0.1", 5701, 0, List.of(), false,
      "a-fleet-secret-of-enough-strength-42xyz", null)).rollEntryKey();
  static final EntrySeal SEAL = new EntrySeal(KEY, "condo.turn/v1");
  static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
  static final Turn FAILED = new Turn(Turn.SELF, "a1b2c3d4e5f6", "host-a", "v2", null, true, "exited", T0);
  static final Turn WEB = new Turn("web", "a1b2c3d4e5f6", "host-a", "v2", "web:2", false, null, T0);

  static Turn open(EntrySeal seal, Object key, Object stored) {
    EntrySeal.Opened opened = seal.open(key, stored);
    return opened.text() == null ? null : Turn.parse((String) key, opened.text());
  }

  static String sealed(EntrySeal seal, Turn turn) {
    return seal.seal(turn.key(), turn.toText());
  }

  @Test
  void whatTheFleetSealedOpensAsItWas() {
    assertEquals(FAILED, open(SEAL, "a1b2c3d4e5f6/:self", sealed(SEAL, FAILED)));
    assertEquals(WEB, open(SEAL, "a1b2c3d4e5f6/web", sealed(SEAL, WEB)));
  }

  @Test
  void aForgedFailureFarInTheFutureIsNotBelieved() {
    Turn forged = new Turn(Turn.SELF, "a1b2c3d4e5f6", "host-a", "v2", null, true, "forged", Instant.parse(
        "+100000-01-01T00:00:00Z"));
    String key = forged.key();
    assertNull(open(SEAL, key, forged.toText()), "unsealed");
    assertNull(open(SEAL, key, sealed(new EntrySeal(new byte[32], "condo.turn/v1"), forged)), "sealed with another key");
    assertNull(open(SEAL, key, sealed(new EntrySeal(KEY, "condo.self-roll/v2"), forged)), "sealed for another map");
    JsonObject tampered = new JsonObject(sealed(SEAL, FAILED)).put("entry", forged.toText());
    assertNull(open(SEAL, key, tampered.encode()), "a sealed entry's text changed");
    assertNull(open(SEAL, "ffffffffffff/:self", sealed(SEAL, FAILED)), "a genuine entry moved under another instance");
    assertNull(open(SEAL, "a1b2c3d4e5f6/api", sealed(SEAL, WEB)), "a genuine entry moved under another service");
  }

  @Test
  void anythingElseInTheMapIsNotATurn() {
    for (Object stored : new Object[] {null, 42, "", "{", "{\"v\":2}", "x".repeat(10_000),
        "{\"v\":2,\"entry\":\"{}\",\"mac\":\"%%%\"}"}) {
      assertNull(open(SEAL, "a1b2c3d4e5f6/:self", stored), String.valueOf(stored));
    }
    assertNull(SEAL.open(42, sealed(SEAL, FAILED)).text(), "a key that is not text");
  }

  @Test
  void aTurnIsReadOnlyWhole() {
    String key = WEB.key();
    assertNull(Turn.parse(key, WEB.toText().replace("deploying", "dancing")));
    assertNull(Turn.parse(key, WEB.toText().replace(T0.toString(), "yesterday")));
    assertNull(Turn.parse(key, WEB.toText().replace("host-a", "h".repeat(300))));
    assertNull(Turn.parse(key, "{\"subject\":\"web\"}"));
    assertNull(Turn.parse(key, "not json"));
    assertNull(Turn.parse(key, new JsonObject(WEB.toText()).putNull("image").encode()), "a service's turn has an image");
    assertTrue(WEB.failedWith("x".repeat(5000), Instant.now()).error().length() < 1100, "a long error is cut");
    Turn cut = Turn.parse(key, new JsonObject(WEB.toText()).put("state", "failed").put("error", "e".repeat(5000))
        .encode());
    assertTrue(cut.error().length() < 1100, "a peer's error is cut");
  }

  @Test
  void theRollKeyIsNotTheNameTag() {
    FleetKeys keys = FleetKeys.of(new ClusterSettings("prod", "127.0.0.1", 5701, 0, List.of(), false,
        "a-fleet-secret-of-enough-strength-42xyz", null));
    String tag = keys.hazelcastClusterName().substring("condo-prod-".length());
    assertEquals(32, tag.length());
    assertEquals(false, java.util.HexFormat.of().formatHex(keys.rollEntryKey()).contains(tag));
  }

  @Test
  void withoutASecretTurnsArePlainAndFiledUnderTheirInstance() {
    EntrySeal plain = new EntrySeal(null, "condo.turn/v1");
    assertEquals(FAILED, open(plain, "a1b2c3d4e5f6/:self", sealed(plain, FAILED)));
    assertNull(open(plain, "ffffffffffff/:self", sealed(plain, FAILED)));
  }
}
