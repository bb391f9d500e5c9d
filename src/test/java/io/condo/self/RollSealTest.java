package io.condo.self;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.condo.fleet.ClusterSettings;
import io.condo.fleet.FleetKeys;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Only what the fleet sealed is believed from the roll's Hazelcast map, which any node that read
 * the cluster name off the wire can write.
 */
class RollSealTest {

  static final byte[] KEY = FleetKeys.of(new ClusterSettings("prod", "127.0.0.1", 5701, 0, List.of(), false,
      "a-fleet-secret-of-enough-strength-42xyz", null)).rollEntryKey();
  static final RollSeal SEAL = new RollSeal(KEY);
  static final RollEntry FAILED = new RollEntry("a1b2c3d4e5f6", "host-a", "v2", true, "exited", Instant.parse(
      "2026-12-04T10:00:00Z"));

  @Test
  void whatTheFleetSealedOpensAsItWas() {
    assertEquals(FAILED, SEAL.open("a1b2c3d4e5f6", SEAL.seal(FAILED)).entry());
  }

  @Test
  void aForgedFailureFarInTheFutureIsNotBelieved() {
    RollEntry forged = new RollEntry("a1b2c3d4e5f6", "host-a", "v2", true, "forged", Instant.parse(
        "+100000-01-01T00:00:00Z"));
    assertNull(SEAL.open("a1b2c3d4e5f6", forged.toText()).entry(), "unsealed, as written before sealing");
    assertNull(SEAL.open("a1b2c3d4e5f6", new RollSeal(new byte[32]).seal(forged)).entry(), "sealed with another key");
    String sealed = SEAL.seal(FAILED);
    JsonObject tampered = new JsonObject(sealed).put("entry", forged.toText());
    assertNull(SEAL.open("a1b2c3d4e5f6", tampered.encode()).entry(), "a sealed entry's text changed");
    assertNull(SEAL.open("ffffffffffff", sealed).entry(), "a genuine entry moved under another instance");
  }

  @Test
  void anythingElseInTheMapIsNotAnEntry() {
    for (Object stored : new Object[] {null, 42, "", "{", "{\"v\":2}", "x".repeat(10_000),
        "{\"v\":2,\"entry\":\"{}\",\"mac\":\"%%%\"}"}) {
      assertEquals(null, SEAL.open("a1b2c3d4e5f6", stored).entry(), String.valueOf(stored));
    }
    assertNull(SEAL.open(42, SEAL.seal(FAILED)).entry(), "a key that is not text");
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
  void withoutASecretEntriesArePlainAndFiledUnderTheirInstance() {
    RollSeal plain = new RollSeal(null);
    assertEquals(FAILED, plain.open("a1b2c3d4e5f6", plain.seal(FAILED)).entry());
    assertNull(plain.open("ffffffffffff", plain.seal(FAILED)).entry());
  }
}
