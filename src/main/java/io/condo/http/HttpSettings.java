package io.condo.http;

import java.time.Duration;

/**
 * The HTTP API's bounds: how many of each long-lived thing one host serves at once, how long a
 * connection may sit idle, and the origins whose pages may use the browsers' bridge besides
 * Condo's own. Past a bound a client is answered 503 with {@code Retry-After}, never queued.
 */
public record HttpSettings(Origins origins, int maxEventStreams, int maxBridgeSockets, int maxWaiters,
                           int maxIdleConnections, Duration idleTimeout) {
}
