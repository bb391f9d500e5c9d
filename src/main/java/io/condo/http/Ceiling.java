package io.condo.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many of one kind of long-lived request are open, and at most how many may be. A place is
 * given back once, however often its release runs; one too many is answered 503 with Retry-After.
 */
final class Ceiling {

  static final String RETRY_AFTER_SECONDS = "10";

  private final String what;
  private final int max;
  private final AtomicInteger open = new AtomicInteger();

  Ceiling(String what, int max) {
    this.what = what;
    this.max = max;
  }

  /** A place, given back by running the result (any number of times); null when all are taken. */
  Runnable take() {
    if (open.incrementAndGet() > max) {
      open.decrementAndGet();
      return null;
    }
    AtomicBoolean given = new AtomicBoolean();
    return () -> {
      if (given.compareAndSet(false, true)) {
        open.decrementAndGet();
      }
    };
  }

  void refuse(RoutingContext ctx) {
    busy(ctx, what, max);
  }

  static void busy(RoutingContext ctx, String what, int max) {
    ctx.response().putHeader("Retry-After", RETRY_AFTER_SECONDS);
    HttpVerticle.json(ctx, 503, new JsonObject().put("error",
        "too many " + what + " (at most " + max + "); try again later"));
  }
}
