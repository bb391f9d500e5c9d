package io.condo.http;

import io.condo.view.FleetJson;
import io.condo.view.OverviewJson;
import io.condo.bus.Request;
import io.condo.bus.Requests;
import io.condo.bus.Addresses;
import io.condo.bus.ConsulQuery;
import io.condo.bus.FleetQuery;
import io.condo.bus.FleetSnapshot;
import io.condo.fleet.WaitFor;
import io.condo.spec.SpecFileNames;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@code /v1/global_state} and {@code /v1/wait_for}, answered from the fleet verticle's view. */
final class FleetHandlers {

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
  static final Duration MAX_TIMEOUT = Duration.ofHours(1);

  private final Vertx vertx;
  private final boolean consulConfigured;
  private final Ceiling waiters;

  FleetHandlers(Vertx vertx, boolean consulConfigured, Ceiling waiters) {
    this.vertx = vertx;
    this.consulConfigured = consulConfigured;
    this.waiters = waiters;
  }

  void globalState(RoutingContext ctx) {
    String source = ctx.request().getParam("source", "cluster");
    Request<FleetSnapshot> query;
    String address;
    if (source.equals("cluster")) {
      query = new FleetQuery();
      address = Addresses.FLEET_QUERY;
    } else if (source.equals("consul")) {
      if (!consulConfigured) {
        HttpVerticle.json(ctx, 400, new JsonObject().put("error", "source: consul needs Condo started with --consul"));
        return;
      }
      query = new ConsulQuery();
      address = Addresses.CONSUL_QUERY;
    } else {
      HttpVerticle.json(ctx, 400, new JsonObject().put("error", "source: '" + source + "' is not cluster or consul"));
      return;
    }
    Requests.ask(vertx.eventBus(), address, query)
        .onSuccess(fleet -> HttpVerticle.json(ctx, 200, FleetJson.of(fleet)))
        .onFailure(e -> HttpVerticle.json(ctx, 503, new JsonObject().put("error",
            source.equals("consul") ? e.getMessage() : "Condo is starting")));
  }

  /** {@code /v1/overview}: the fleet at a glance, compact ({@link OverviewJson}). */
  void overview(RoutingContext ctx) {
    Requests.ask(vertx.eventBus(), Addresses.FLEET_QUERY, new FleetQuery())
        .onSuccess(fleet -> HttpVerticle.json(ctx, 200, OverviewJson.of(fleet)))
        .onFailure(e -> HttpVerticle.json(ctx, 503, new JsonObject().put("error", "Condo is starting")));
  }

  /** {@code /v1/overview/cell?instance=…&service=…}: one host × service in full. */
  void overviewCell(RoutingContext ctx) {
    String instance = ctx.request().getParam("instance");
    String service = ctx.request().getParam("service");
    if (instance == null || service == null || !SpecFileNames.isValidServiceName(service)) {
      HttpVerticle.json(ctx, 400, new JsonObject().put("error", "instance and service (a service name) are required"));
      return;
    }
    Requests.ask(vertx.eventBus(), Addresses.FLEET_QUERY, new FleetQuery())
        .onSuccess(fleet -> {
          JsonObject cell = OverviewJson.cell(fleet, instance, service);
          HttpVerticle.json(ctx, cell == null ? 404 : 200,
              cell == null ? new JsonObject().put("error", "no such service on that instance") : cell);
        })
        .onFailure(e -> HttpVerticle.json(ctx, 503, new JsonObject().put("error", "Condo is starting")));
  }

  /**
   * Blocks until every live instance that has the service has it Stable (on the image, if given),
   * re-checking on every change of the fleet's state: it answers the moment the last one turns.
   */
  void waitFor(RoutingContext ctx) {
    String name = ctx.request().getParam("name");
    String image = ctx.request().getParam("image");
    String timeoutText = ctx.request().getParam("timeout");
    if (name == null || name.isBlank()) {
      HttpVerticle.json(ctx, 400, new JsonObject().put("error", "name: the service to wait for is required"));
      return;
    }
    if (!SpecFileNames.isValidServiceName(name)) {
      HttpVerticle.json(ctx, 400, new JsonObject().put("error",
          "name: not a service name ([a-zA-Z0-9][a-zA-Z0-9_.-]*, at most 200 characters)"));
      return;
    }
    if (image != null && image.isBlank()) {
      HttpVerticle.json(ctx, 400, new JsonObject().put("error", "image: must not be empty when given"));
      return;
    }
    Duration timeout = timeoutText == null ? DEFAULT_TIMEOUT : WaitFor.parseTimeout(timeoutText);
    if (timeout == null || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
      HttpVerticle.json(ctx, 400, new JsonObject().put("error", "timeout: '" + timeoutText
          + "' is not a duration from 1 ms to 1 h (seconds, or like 500ms, 90s, 2m)"));
      return;
    }
    Runnable place = waiters.take();
    if (place == null) {
      waiters.refuse(ctx);
      return;
    }
    AtomicBoolean answered = new AtomicBoolean();
    MessageConsumer<FleetSnapshot> changes = vertx.eventBus().localConsumer(Addresses.FLEET_CHANGES);
    long timer = vertx.setTimer(timeout.toMillis(), id -> Requests.ask(vertx.eventBus(), Addresses.FLEET_QUERY,
            new FleetQuery())
        .onSuccess(fleet -> finish(ctx, answered, changes, fleet, verdict(fleet, name, image)))
        .onFailure(e -> unavailable(ctx, answered)));
    Runnable stop = () -> {
      vertx.cancelTimer(timer);
      changes.unregister();
      place.run();
    };
    // Answered, or the client gone: either way the place is free (vertx-web's end handlers stay).
    ctx.addEndHandler(ended -> {
      answered.set(true);
      stop.run();
    });
    changes.handler(m -> check(ctx, answered, changes, m.body(), name, image, timer));
    changes.completion()
        .compose(v -> Requests.ask(vertx.eventBus(), Addresses.FLEET_QUERY, new FleetQuery()))
        .onSuccess(fleet -> check(ctx, answered, changes, fleet, name, image, timer))
        .onFailure(e -> {
          stop.run();
          unavailable(ctx, answered);
        });
  }

  private static void unavailable(RoutingContext ctx, AtomicBoolean answered) {
    if (answered.compareAndSet(false, true)) {
      HttpVerticle.json(ctx, 503, new JsonObject().put("error", "Condo is starting"));
    }
  }

  private void check(RoutingContext ctx, AtomicBoolean answered, MessageConsumer<FleetSnapshot> changes,
                     FleetSnapshot fleet, String name, String image, long timer) {
    WaitFor.Verdict verdict = verdict(fleet, name, image);
    if (verdict.done()) {
      vertx.cancelTimer(timer);
      finish(ctx, answered, changes, fleet, verdict);
    }
  }

  /** Never throws: a request that cannot be evaluated is still answered, at its timeout. */
  private static WaitFor.Verdict verdict(FleetSnapshot fleet, String name, String image) {
    try {
      return WaitFor.evaluate(fleet, name, image);
    } catch (RuntimeException e) {
      return new WaitFor.Verdict(false, new io.vertx.core.json.JsonArray(),
          "the fleet's state could not be read (" + e.getClass().getSimpleName() + ")");
    }
  }

  private void finish(RoutingContext ctx, AtomicBoolean answered, MessageConsumer<FleetSnapshot> changes,
                      FleetSnapshot fleet, WaitFor.Verdict verdict) {
    if (!answered.compareAndSet(false, true)) {
      return;
    }
    changes.unregister();
    boolean ok = verdict.done();
    JsonObject body = new JsonObject().put("status", ok ? "ok" : "timeout").put("instances", verdict.instances())
        .put("departed", fleet.departedJson());
    if (verdict.message() != null) {
      body.put("message", verdict.message());
    }
    HttpVerticle.json(ctx, ok ? 200 : 500, body);
  }
}
