package io.condo.http;

import io.condo.view.FleetJson;
import io.condo.bus.Requests;
import io.condo.bus.Addresses;
import io.condo.bus.FleetQuery;
import io.condo.bus.FleetTransition;
import io.condo.bus.HistoryQuery;
import io.condo.bus.TransitionEvent;
import io.condo.spec.SpecFileNames;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code GET /v1/events}: the fleet's transitions as they happen, as Server-Sent Events or, with
 * {@code Accept: application/x-ndjson}, one JSON object a line. A reader that gives a cursor
 * ({@code Last-Event-ID} or {@code ?since=}) continues exactly after it, from the history in
 * memory; a cursor that cannot be continued exactly gets a {@code reset} instead of a silent gap.
 *
 * <p>Order of work for one reader: listen (holding what arrives), read the history or the
 * snapshot, write it, then what was held that is newer, then live. A reader too slow to keep up is
 * disconnected rather than buffered without bound; it resumes with its cursor.
 */
final class EventStream {

  static final long HEARTBEAT_MILLIS = 10_000;
  private static final Pattern INSTANCE = Pattern.compile("[A-Za-z0-9_.-]{1,256}");

  private final Vertx vertx;
  private final Ceiling streams;

  EventStream(Vertx vertx, Ceiling streams) {
    this.vertx = vertx;
    this.streams = streams;
  }

  void handle(RoutingContext ctx) {
    Request request;
    try {
      request = Request.parse(ctx);
    } catch (IllegalArgumentException e) {
      HttpVerticle.json(ctx, 400, new JsonObject().put("error", e.getMessage()));
      return;
    }
    Runnable place = streams.take();
    if (place == null) {
      streams.refuse(ctx);
      return;
    }
    new Reader(ctx, request, place).start();
  }

  /** What the reader asked for. */
  record Request(String service, String instance, String since, boolean snapshot, boolean ndjson) {

    static Request parse(RoutingContext ctx) {
      String service = ctx.request().getParam("service");
      if (service != null && !SpecFileNames.isValidServiceName(service)) {
        throw new IllegalArgumentException("service: not a service name ([a-zA-Z0-9][a-zA-Z0-9_.-]*)");
      }
      String instance = ctx.request().getParam("instance");
      if (instance != null && !INSTANCE.matcher(instance).matches()) {
        throw new IllegalArgumentException("instance: not an instance id or host name");
      }
      String since = ctx.request().getParam("since");
      if (since == null) {
        since = ctx.request().getHeader("Last-Event-ID");
      }
      if (since != null && since.length() > 64) {
        throw new IllegalArgumentException("since: not a cursor of /v1/events");
      }
      String snapshot = ctx.request().getParam("snapshot", "false");
      if (!snapshot.equals("true") && !snapshot.equals("false")) {
        throw new IllegalArgumentException("snapshot: '" + snapshot + "' is not true or false");
      }
      String accept = ctx.request().getHeader("Accept");
      boolean ndjson = accept != null && accept.contains("application/x-ndjson");
      return new Request(service, instance, since == null || since.isBlank() ? null : since.trim(),
          snapshot.equals("true"), ndjson);
    }

    boolean wants(TransitionEvent event) {
      return (service == null || service.equals(event.service()))
          && (instance == null || instance.equals(event.instance()) || instance.equals(event.host()));
    }
  }

  private final class Reader {
    private final RoutingContext ctx;
    private final HttpServerResponse response;
    private final Request request;
    private final Runnable place;
    private final List<FleetTransition> held = new ArrayList<>();
    private MessageConsumer<FleetTransition> live;
    private boolean caughtUp;
    private long written = -1;
    private long heartbeat = -1;
    private boolean closed;

    Reader(RoutingContext ctx, Request request, Runnable place) {
      this.ctx = ctx;
      this.response = ctx.response();
      this.request = request;
      this.place = place;
    }

    void start() {
      response.setChunked(true)
          .putHeader("Content-Type", request.ndjson() ? "application/x-ndjson" : "text/event-stream; charset=utf-8")
          .putHeader("Cache-Control", "no-cache")
          .putHeader("X-Accel-Buffering", "no");
      // The end of the request in any way (a reset, the client gone): vertx-web's own end handlers
      // stay in place, which a close handler of the response would replace.
      ctx.addEndHandler(ended -> close());
      if (response.closed()) {
        close();
        return;
      }
      live = vertx.eventBus().localConsumer(Addresses.FLEET_TRANSITIONS, m -> onLive(m.body()));
      live.completion().compose(v -> catchUp()).onComplete(done -> {
        if (closed) {
          return; // the reader left while it was caught up: nothing is started for it
        }
        if (done.failed()) {
          close();
          if (response.headWritten()) {
            response.reset(); // an EventSource reconnects after its retry
          } else {
            // The fleet's view is not up yet (Condo is starting): say so, instead of a dropped connection.
            response.putHeader("Retry-After", "1");
            HttpVerticle.json(ctx, 503, new JsonObject().put("error", "Condo is starting"));
          }
          return;
        }
        caughtUp = true;
        held.forEach(this::onLive);
        held.clear();
        heartbeat = vertx.setPeriodic(HEARTBEAT_MILLIS, id -> write(request.ndjson() ? "\n" : ": heartbeat\n\n"));
      });
      if (!request.ndjson()) {
        write("retry: 2000\n\n");
      }
    }

    /** The snapshot or the history the reader asked for; sets the cursor live events continue after. */
    private Future<Void> catchUp() {
      if (request.snapshot() && request.since() == null) {
        return Requests.ask(vertx.eventBus(), Addresses.FLEET_QUERY, new FleetQuery()).map(fleet -> {
          send("snapshot", fleet.cursor(), FleetJson.of(fleet));
          written = FleetTransition.number(fleet.cursor());
          return null;
        });
      }
      return Requests.ask(vertx.eventBus(), Addresses.FLEET_HISTORY, new HistoryQuery(request.since()))
          .map(answer -> {
            if (answer.reset()) {
              send("reset", answer.head(), new JsonObject().put("reason", "the cursor " + request.since()
                  + " cannot be continued (Condo restarted, another instance, or older than the history kept):"
                  + " read /v1/global_state again, then continue from this event").put("cursor", answer.head()));
            }
            answer.transitions().forEach(this::emit);
            written = FleetTransition.number(answer.head());
            return null;
          });
    }

    private void onLive(FleetTransition transition) {
      if (!caughtUp) {
        held.add(transition);
      } else if (FleetTransition.number(transition.cursor()) > written) {
        emit(transition);
        written = FleetTransition.number(transition.cursor());
      }
    }

    private void emit(FleetTransition transition) {
      if (request.wants(transition.event())) {
        send("transition", transition.cursor(), transition.event().toJson());
      }
    }

    private void send(String type, String cursor, JsonObject data) {
      if (request.ndjson()) {
        JsonObject line = type.equals("transition") ? data.copy() : new JsonObject().put(type, data);
        write(line.put("cursor", cursor).encode() + "\n");
      } else {
        write("event: " + type + "\nid: " + cursor + "\ndata: " + data.encode() + "\n\n");
      }
    }

    private void write(String text) {
      if (closed) {
        return;
      }
      if (response.writeQueueFull()) {
        // Too slow to keep up: better a clean end it resumes from than memory without bound.
        response.reset();
        close();
        return;
      }
      response.write(text);
    }

    private void close() {
      if (!closed) {
        closed = true;
        place.run();
        if (heartbeat >= 0) {
          vertx.cancelTimer(heartbeat);
        }
        if (live != null) {
          live.unregister();
        }
      }
    }
  }
}
