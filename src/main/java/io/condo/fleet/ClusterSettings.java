package io.condo.fleet;

import java.util.List;

/**
 * How this instance joins its fleet. {@code members} are {@code host:port} of Hazelcast peers
 * (TCP-IP join); multicast only when asked. The secret never leaves the process: only keys
 * derived from it ({@link FleetKeys}) are used.
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
}
