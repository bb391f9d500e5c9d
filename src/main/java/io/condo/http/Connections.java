package io.condo.http;

import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The HTTP connections without a request in flight: closed after the idle timeout, and at most
 * {@code maxIdle} of them, the longest idle closed first, so a flood of silent connections cannot
 * lock real clients out. A connection counts as idle until its first request's headers are read.
 * Netty's own idle timeout is not used: it would also cut a {@code /v1/wait_for} that has nothing
 * to write for an hour. On the HTTP verticle's event loop only.
 */
final class Connections {

  private final int maxIdle;
  private final long idleNanos;
  private final LongSupplier nanoClock;
  /** Longest idle first: a connection is always taken out before it is put back. */
  private final LinkedHashMap<HttpConnection, Long> idle = new LinkedHashMap<>();
  /** Requests in flight, per connection. */
  private final Map<HttpConnection, Integer> busy = new HashMap<>();

  Connections(int maxIdle, Duration idleTimeout, LongSupplier nanoClock) {
    this.maxIdle = maxIdle;
    this.idleNanos = idleTimeout.toNanos();
    this.nanoClock = nanoClock;
  }

  /** The server's connection handler: a new connection is idle until its first request. */
  void opened(HttpConnection connection) {
    connection.closeHandler(v -> forget(connection));
    turnedIdle(connection);
  }

  /** The router's first route: the request's connection is busy until the request has ended. */
  void request(RoutingContext ctx) {
    HttpConnection connection = ctx.request().connection();
    if (idle.remove(connection) != null || busy.containsKey(connection)) {
      busy.merge(connection, 1, Integer::sum);
      ctx.addEndHandler(ended -> done(connection));
    }
    ctx.next();
  }

  /** Now a WebSocket (the bridge), bounded there: no longer an HTTP connection to time out. */
  void upgraded(HttpConnection connection) {
    forget(connection);
  }

  /** Every second: those idle past the timeout; longest idle first, so it stops at the first younger one. */
  void sweep() {
    long now = nanoClock.getAsLong();
    for (Iterator<Map.Entry<HttpConnection, Long>> it = idle.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<HttpConnection, Long> entry = it.next();
      if (now - entry.getValue() < idleNanos) {
        break;
      }
      it.remove();
      entry.getKey().close();
    }
  }

  private void done(HttpConnection connection) {
    Integer requests = busy.get(connection);
    if (requests == null) {
      return; // closed or upgraded meanwhile
    }
    if (requests > 1) {
      busy.put(connection, requests - 1);
    } else {
      busy.remove(connection);
      turnedIdle(connection);
    }
  }

  private void turnedIdle(HttpConnection connection) {
    idle.put(connection, nanoClock.getAsLong());
    while (idle.size() > maxIdle) {
      Iterator<HttpConnection> longest = idle.keySet().iterator();
      HttpConnection oldest = longest.next();
      longest.remove();
      oldest.close();
    }
  }

  private void forget(HttpConnection connection) {
    idle.remove(connection);
    busy.remove(connection);
  }
}
