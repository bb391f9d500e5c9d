package io.condo.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;

/**
 * In front of every bridge route, the WebSocket upgrade included: Condo's own pages and the
 * listed origins only, so a page an operator happens to visit cannot stream the fleet (and SockJS
 * never echoes a foreign origin in its CORS answers); and at most so many open sockets.
 */
final class BridgeGate implements Handler<RoutingContext> {

  private final Origins origins;
  private final BrowserBridge bridge;
  private final Connections connections;

  BridgeGate(Origins origins, BrowserBridge bridge, Connections connections) {
    this.origins = origins;
    this.bridge = bridge;
    this.connections = connections;
  }

  /**
   * A proxy that rewrites the Host (nginx does by default) says which host the browser asked for
   * in X-Forwarded-Host; a page cannot set that header on its own request, so it is as good as the
   * Host for telling Condo's own pages.
   */
  private boolean behindProxy(String origin, HttpServerRequest request) {
    String forwarded = request.getHeader("X-Forwarded-Host");
    if (forwarded == null || forwarded.isBlank()) {
      return false;
    }
    HostAndPort host;
    try {
      host = HostAndPort.parseAuthority(forwarded.split(",")[0].trim(), -1);
    } catch (RuntimeException e) {
      return false;
    }
    return host != null && origins.allows(origin, host);
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String origin = request.getHeader(HttpHeaders.ORIGIN);
    // A browser's request from another site that carries no Origin (a <script> or <iframe>).
    boolean crossSiteWithoutOrigin = (origin == null || origin.isBlank())
        && "cross-site".equals(request.getHeader("Sec-Fetch-Site"));
    if (crossSiteWithoutOrigin || !origins.allows(origin, request.authority()) && !behindProxy(origin, request)) {
      HttpVerticle.json(ctx, 403, new JsonObject().put("error", "origin not allowed: the bridge serves Condo's own"
          + " pages and --http-allowed-origins (behind a proxy that changes the Host, list the page's origin there)"));
      return;
    }
    // Only where SockJS upgrades (its WebSocket transports): an upgrade asked anywhere else is
    // answered as plain HTTP, and its connection stays counted and timed.
    if (request.canUpgradeToWebSocket() && request.path().endsWith("/websocket")) {
      if (bridge.openSockets() >= bridge.maxSockets()) {
        Ceiling.busy(ctx, "browser-bridge sockets", bridge.maxSockets());
        return;
      }
      connections.upgraded(request.connection());
      bridge.upgrading(request.remoteAddress(), request.connection());
    }
    ctx.next();
  }
}
