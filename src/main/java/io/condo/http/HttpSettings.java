package io.condo.http;

import java.time.Duration;

/**
 * The HTTP API's bounds: how many of each long-lived thing one host serves at once, how long a
 * connection may sit idle, and the origins whose pages may use the browsers' bridge besides
 * Condo's own. Past a bound a client is answered 503 with {@code Retry-After}, never queued.
 */
public record HttpSettings(Origins origins, int maxEventStreams, int maxBridgeSockets, int maxWaiters,
                           int maxIdleConnections, Duration idleTimeout) {

  /** The defaults of {@code conf/condo.json}, for tools and tests that start an API of their own. */
  public static HttpSettings defaults() {
    return new HttpSettings(Origins.of(java.util.List.of()), 64, 64, 128, 256, Duration.ofSeconds(75));
  }
}
