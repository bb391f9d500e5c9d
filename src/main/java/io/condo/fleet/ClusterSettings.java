package io.condo.fleet;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How this instance joins its fleet. {@code members} are {@code host:port} of Hazelcast peers
 * (TCP-IP join); multicast only when asked. The secret never leaves the process: only a keyed
 * hash of it is used, as the Hazelcast cluster name.
 */
public record ClusterSettings(String name, String host, int port, int busPort, List<String> members,
                              boolean multicast, String secret, Tls tls) {

  /** PEM files for mutual TLS on the event bus: this member's certificate and key, and the CA. */
  public record Tls(String cert, String key, String ca) {
  }

  @Override
  public String toString() {
    // Never print the secret.
    return "ClusterSettings[name=" + name + ", host=" + host + ", port=" + port + ", busPort=" + busPort
        + ", members=" + members + ", multicast=" + multicast + ", secret=" + (secret == null ? "none" : "set")
        + ", tls=" + tls + "]";
  }

  /**
   * The Hazelcast cluster name: the configured name, plus with a secret a keyed hash of name and
   * secret, so a node that does not know the secret does not even know what cluster to ask for.
   */
  public String hazelcastClusterName() {
    if (secret == null || secret.isEmpty()) {
      return "condo-" + name;
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] tag = mac.doFinal(("condo-cluster:" + name).getBytes(StandardCharsets.UTF_8));
      return "condo-" + name + "-" + HexFormat.of().formatHex(tag, 0, 16);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JVM", e);
    }
  }
}
