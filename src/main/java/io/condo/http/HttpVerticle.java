package io.condo.http;

import io.condo.bus.SelfStatus;
import io.condo.bus.SelfQuery;
import io.condo.bus.InstanceState;
import io.condo.bus.Requests;
import io.condo.bus.Addresses;
import io.condo.view.StateJson;
import io.condo.bus.MetricsScrape;
import io.condo.bus.StateQuery;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API. Only GET is routed, so any other method on a known path answers 405; errors are
 * JSON with a message. Long-lived requests and connections are bounded ({@link HttpSettings}).
 */
public final class HttpVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(HttpVerticle.class);

  private final String host;
  private final int port;
  /** Served from the working directory if it has this folder, else from the jar. */
  private final String webroot = "webroot";
  private HttpServer server;
  private BrowserBridge bridge;

  private final boolean consulConfigured;
  private final Vertx bridgeVertx;
  private final HttpSettings limits;

  /** @param bridgeVertx an unclustered Vert.x of its own for the browsers' bridge ({@link BrowserBridge}) */
  public HttpVerticle(String host, int port, HttpSettings limits, boolean consulConfigured, Vertx bridgeVertx) {
    this.host = host;
    this.port = port;
    this.limits = limits;
    this.consulConfigured = consulConfigured;
    this.bridgeVertx = bridgeVertx;
  }

  @Override
  public Future<?> start() {
    Connections connections = new Connections(limits.maxIdleConnections(), limits.idleTimeout(), System::nanoTime);
    Router router = Router.router(vertx);
    router.route().handler(connections::request);
    FleetHandlers fleet = new FleetHandlers(vertx, consulConfigured,
        new Ceiling("waiting /v1/wait_for requests", limits.maxWaiters()));
    router.get("/v1/state").handler(this::state);
    router.get("/v1/global_state").handler(fleet::globalState);
    router.get("/v1/wait_for").handler(fleet::waitFor);
    router.get("/v1/overview").handler(fleet::overview);
    router.get("/v1/overview/cell").handler(fleet::overviewCell);
    router.get("/v1/events").handler(
        new EventStream(vertx, new Ceiling("/v1/events streams", limits.maxEventStreams()))::handle);
    router.get("/metrics").handler(this::metrics);
    bridge = BrowserBridge.start(vertx, bridgeVertx, limits.maxBridgeSockets());
    router.route("/eventbus/*").handler(new BridgeGate(limits.origins(), bridge, connections));
    router.route("/eventbus/*").subRouter(bridge.router());
    router.get("/*").handler(StaticHandler.create(webroot));
    // The router answers an unknown path or a wrong method itself; these make it JSON.
    for (int status : new int[] {400, 404, 405, 500}) {
      router.errorHandler(status, this::failure);
    }
    // No cleartext HTTP/2: nothing needs it, and it would multiplex past the per-connection bounds.
    server = vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false));
    server.invalidRequestHandler(this::invalid);
    server.connectionHandler(connections::opened);
    vertx.setPeriodic(1000, id -> connections.sweep());
    return server.requestHandler(router).listen(port, host)
        .onSuccess(s -> LOG.info("HTTP API on {}:{}", host, s.actualPort()));
  }

  @Override
  public Future<?> stop() {
    return bridge != null ? bridge.stop() : Future.succeededFuture();
  }

  public int actualPort() {
    return server.actualPort();
  }

  private void state(RoutingContext ctx) {
    Future<InstanceState> state = Requests.ask(vertx.eventBus(), Addresses.STATE_QUERY, new StateQuery());
    Future<SelfStatus> self = Requests.ask(vertx.eventBus(), Addresses.SELF_QUERY, new SelfQuery());
    Future.all(state, self)
        .onSuccess(both -> json(ctx, 200, StateJson.instance(state.result(), self.result())))
        .onFailure(e -> json(ctx, 503, new JsonObject().put("error",
            "Condo is starting (waiting for Docker or adopting containers)")));
  }

  private void metrics(RoutingContext ctx) {
    Requests.ask(vertx.eventBus(), Addresses.METRICS_SCRAPE, new MetricsScrape())
        .onSuccess(text -> ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
            .end(text.body()))
        .onFailure(e -> json(ctx, 503, new JsonObject().put("error", "Condo is starting")));
  }

  private void failure(RoutingContext ctx) {
    int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
    String reason = status == 405 ? "method not allowed" : status == 404 ? "not found" : "internal error";
    if (status >= 500 && ctx.failure() != null) {
      LOG.error("HTTP {} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
    }
    json(ctx, status, new JsonObject().put("error", reason));
  }

  /** Requests the HTTP decoder refused (a line or headers too long, garbage) also get JSON. */
  private void invalid(io.vertx.core.http.HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    String name = cause == null ? "" : cause.getClass().getSimpleName();
    int status = name.contains("Line") ? 414 : name.contains("Header") ? 431 : 400;
    String reason = status == 414 ? "request line too long" : status == 431 ? "request headers too large"
        : "malformed HTTP request";
    request.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .putHeader("Connection", "close").end(new JsonObject().put("error", reason).encode() + "\n");
  }

  static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(body.encode() + "\n");
  }
}
