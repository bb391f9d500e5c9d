package io.condo.fleet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.SCrypt;
import org.junit.jupiter.api.Test;

class FleetKeysTest {

  static final String SECRET = "mUe3K2xv0pYt8QnR5sWz1cLd";

  /**
   * Known answers: what a stranger can see (the Hazelcast cluster name) comes from scrypt with the
   * documented cost, salted with the cluster name, so every guess costs a full derivation. Every
   * version of Condo must derive the same keys, or a rolling upgrade splits the fleet.
   */
  @Test
  void whatAStrangerSeesComesFromScryptOfTheSecretSaltedWithTheClusterName() throws Exception {
    FleetKeys keys = FleetKeys.derive(SECRET, "prod");
    byte[] master = SCrypt.generate(SECRET.getBytes(StandardCharsets.UTF_8),
        "condo-fleet-v2\0prod".getBytes(StandardCharsets.UTF_8), 1 << 15, 8, 1, 32);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(master, "HmacSHA256"));
    byte[] tag = mac.doFinal("hazelcast-cluster-name\1".getBytes(StandardCharsets.UTF_8));
    assertEquals("condo-prod-" + HexFormat.of().formatHex(tag, 0, 16), keys.hazelcastClusterName());
    assertEquals("condo-prod-755a88055e427b4ad91408873fee241c", keys.hazelcastClusterName());
  }

  @Test
  void theSameSecretInAnotherFleetGivesUnrelatedKeys() {
    FleetKeys prod = FleetKeys.derive(SECRET, "prod");
    FleetKeys staging = FleetKeys.derive(SECRET, "staging");
    assertNotEquals(prod.hazelcastClusterName().substring("condo-prod-".length()),
        staging.hazelcastClusterName().substring("condo-staging-".length()));
    assertFalse(java.util.Arrays.equals(prod.eventBusKeySeed(), staging.eventBusKeySeed()));
    assertArrayEquals(prod.eventBusKeySeed(), FleetKeys.derive(SECRET, "prod").eventBusKeySeed(),
        "every member derives the same");
  }

  @Test
  void withoutASecretTheNameIsInClearAndThereIsNoKey() {
    FleetKeys none = FleetKeys.derive(null, "prod");
    assertEquals("condo-prod", none.hazelcastClusterName());
    assertFalse(none.hasSecret());
  }
}
