package io.condo.fleet;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * What a member derives from the fleet's secret, once, at start: a master key from scrypt (slow
 * and memory-hard, salted with the cluster name), and from that key the Hazelcast cluster name and
 * the seed of the event-bus key pair. Both of those can be seen by a stranger (the name travels in
 * Hazelcast's join request, the certificate in every TLS handshake), so testing a guess of the
 * secret against them costs a full scrypt derivation, and no table of guesses serves two fleets.
 */
public final class FleetKeys {

  /** scrypt's cost: 2^15 × 8 × 128 bytes = 32 MiB and ~0.1–0.5 s per derivation on one core. */
  static final int SCRYPT_LOG_N = 15;
  static final int SCRYPT_R = 8;
  static final int SCRYPT_P = 1;
  private static final int KEY_BYTES = 32;

  private final String clusterName;
  private final byte[] master;

  private FleetKeys(String clusterName, byte[] master) {
    this.clusterName = clusterName;
    this.master = master;
  }

  /** The keys of the settings' fleet; without a secret, none (and the cluster name in clear). */
  public static FleetKeys of(ClusterSettings settings) {
    return derive(settings.secret(), settings.name());
  }

  static FleetKeys derive(String secret, String clusterName) {
    if (secret == null || secret.isEmpty()) {
      return new FleetKeys(clusterName, null);
    }
    byte[] master = SCrypt.generate(secret.getBytes(StandardCharsets.UTF_8), salt(clusterName),
        1 << SCRYPT_LOG_N, SCRYPT_R, SCRYPT_P, KEY_BYTES);
    return new FleetKeys(clusterName, master);
  }

  /** Bound to the fleet: the same secret in two fleets gives unrelated keys. */
  static byte[] salt(String clusterName) {
    return ("condo-fleet-v2\0" + clusterName).getBytes(StandardCharsets.UTF_8);
  }

  public boolean hasSecret() {
    return master != null;
  }

  /**
   * The Hazelcast cluster name: the configured name, plus with a secret a tag derived from it, so a
   * node that does not know the secret does not even know what cluster to ask for.
   */
  public String hazelcastClusterName() {
    if (master == null) {
      return "condo-" + clusterName;
    }
    return "condo-" + clusterName + "-" + HexFormat.of().formatHex(expand("hazelcast-cluster-name"), 0, 16);
  }

  /** The private scalar's seed of the event-bus key pair every member shares. */
  byte[] eventBusKeySeed() {
    if (master == null) {
      throw new IllegalStateException("no secret, no event-bus key");
    }
    return expand("event-bus-key");
  }

  /**
   * The key that seals the self-deploy roll's entries in Hazelcast. A purpose of its own: nothing a
   * stranger can see (the name tag, the event-bus certificate) is derived from it, so reading the
   * join traffic tells nothing of it.
   */
  public byte[] rollEntryKey() {
    if (master == null) {
      throw new IllegalStateException("no secret, no roll key");
    }
    return expand("self-roll-entry-mac");
  }

  /** One purpose-bound key from the master key (HKDF-Expand with a single block). */
  private byte[] expand(String purpose) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(master, "HmacSHA256"));
      byte[] info = purpose.getBytes(StandardCharsets.UTF_8);
      byte[] input = Arrays.copyOf(info, info.length + 1);
      input[info.length] = 1;
      return mac.doFinal(input);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JVM", e);
    }
  }
}
