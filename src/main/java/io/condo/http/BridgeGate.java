package io.condo.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
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

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String origin = request.getHeader(HttpHeaders.ORIGIN);
    // A browser's request from another site that carries no Origin (a <script> or <iframe>).
    boolean crossSiteWithoutOrigin = (origin == null || origin.isBlank())
        && "cross-site".equals(request.getHeader("Sec-Fetch-Site"));
    if (crossSiteWithoutOrigin || !origins.allows(origin, request.authority())) {
      HttpVerticle.json(ctx, 403, new JsonObject().put("error",
          "origin not allowed: the bridge serves Condo's own pages and --http-allowed-origins"));
      return;
    }
    if (request.canUpgradeToWebSocket()) {
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
