package io.condo.webhook;

import io.condo.bus.Addresses;
import io.condo.bus.FleetTransition;
import io.condo.bus.TransitionEvent;
import io.condo.bus.WebhookProgress;
import io.condo.fsm.Backoff;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --webhook URL}: every transition of this instance, POSTed to each receiver as the event
 * object {@code /v1/events} shows, signed, from a durable outbox (see {@link OutboxFile}). Each
 * receiver has its own courier: one event in flight at a time, oldest first (so in order per
 * service), retried with back-off ({@link Backoff#WEBHOOK}) until a 2xx answer, for up to 24 h.
 * Nothing waits on a receiver: transitions are queued and the supervisor goes on.
 */
public final class WebhookVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookVerticle.class);
  public static final String EVENT_HEADER = "X-Condo-Event";
  static final long ANSWER_WITHIN_MILLIS = 10_000;
  static final Duration GIVE_UP_AFTER = Duration.ofHours(24);

  private final String instance;
  private final WebhookSettings settings;
  private final OutboxFile file;
  private final Clock clock;
  private final Map<String, Courier> couriers = new LinkedHashMap<>();
  private Outbox outbox;
  private long seq;
  /** Journal lines written since the file was last rewritten to what waits. */
  private long journalLines;
  /** A journal write failed: the next one rewrites the whole file, so nothing half-written stays. */
  private boolean journalBroken;
  /** The last journal write failed, and the log said so. */
  private boolean journalFailing;

  public WebhookVerticle(String instance, WebhookSettings settings, java.nio.file.Path stateFile, Clock clock) {
    this.instance = instance;
    this.settings = settings;
    this.file = new OutboxFile(stateFile);
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    List<String> keys = settings.receivers().stream().map(Receiver::key).toList();
    return vertx.executeBlocking(() -> loaded(keys)).onSuccess(loaded -> {
      outbox = loaded;
      seq = outbox.byEvent().keySet().stream().mapToLong(Outbox.Pending::seq).max().orElse(0);
      settings.receivers().forEach(r -> couriers.put(r.key(), new Courier(r)));
      if (settings.secret() == null) {
        LOG.warn("webhooks are sent unsigned: no --webhook-secret (CONDO_WEBHOOK_SECRET)");
      }
      LOG.info("webhooks to {}; {} event(s) waiting in {}", settings.receivers(), outbox.size(), file.path());
      vertx.eventBus().<FleetTransition>localConsumer(Addresses.FLEET_TRANSITIONS, m -> onTransition(m.body().event()));
      report(null, 0);
      couriers.values().forEach(Courier::wake);
    });
  }

  /**
   * What waited when the last Condo stopped, and the journal rewritten to it. A file that cannot be
   * read is moved aside; one that cannot be written stops no supervising: what waits is kept in
   * memory meanwhile, and the whole outbox is written at the first change the disk takes.
   */
  private Outbox loaded(List<String> keys) {
    Outbox outbox;
    try {
      outbox = file.read(keys);
    } catch (java.io.IOException e) {
      outbox = new Outbox(keys);
      try {
        LOG.error("webhook outbox {} cannot be read ({}); moved to {}, starting with an empty one", file.path(),
            e.getMessage(), file.moveAside());
      } catch (java.io.IOException | RuntimeException moving) {
        LOG.error("webhook outbox {} cannot be read ({}) nor moved aside ({}); starting with an empty one",
            file.path(), e.getMessage(), moving.getMessage());
      }
    }
    try {
      file.rewrite(outbox.byEvent());
    } catch (java.io.IOException | RuntimeException e) {
      LOG.error("webhook outbox {} cannot be written ({}); events wait in memory until it can", file.path(),
          e.getMessage());
      journalBroken = true; // read on the event loop once this start completes
      journalFailing = true;
    }
    return outbox;
  }

  @Override
  public Future<?> stop() {
    return vertx.executeBlocking(() -> {
      file.close();
      return null;
    });
  }

  private void onTransition(TransitionEvent event) {
    if (!instance.equals(event.instance())) {
      return; // each Condo tells of its own: a receiver hears every transition once, from its host
    }
    Outbox.Pending pending = new Outbox.Pending(++seq, event.id(), event.service(), clock.millis(),
        event.toJson().encode());
    List<String> to = new ArrayList<>(couriers.keySet());
    List<Outbox.Dropped> dropped = outbox.add(pending, to);
    journal(1 + dropped.size(), () -> {
      file.added(pending, to);
      for (Outbox.Dropped d : dropped) {
        file.done(d.receiver(), d.pending().id());
      }
      return null;
    });
    dropped.forEach(d -> couriers.get(d.receiver()).droppedOldest(d.pending()));
    report(null, dropped.size());
    couriers.values().forEach(Courier::wake);
  }

  /** One journal write after another, in the order asked, off the event loop; a rewrite once the lines outgrow the queue. */
  private void journal(int lines, Callable<Void> write) {
    journalLines += lines;
    boolean rewrite = journalBroken || journalLines > 4L * outbox.size() + 1000;
    Map<Outbox.Pending, List<String>> pending = rewrite ? outbox.byEvent() : null;
    if (rewrite) {
      journalLines = 0;
      journalBroken = false;
    }
    vertx.executeBlocking(() -> {
      // What waits, whole, replaces the journal: the lines of this write are in it already.
      if (pending != null) {
        file.rewrite(pending);
      } else {
        write.call();
      }
      return null;
    }, true).onComplete(written -> {
      if (written.succeeded()) {
        if (journalFailing) {
          journalFailing = false;
          LOG.info("webhook outbox {} written again", file.path());
        }
        return;
      }
      journalBroken = true;
      if (!journalFailing) { // said once while it lasts, not at every event
        journalFailing = true;
        LOG.error("webhook outbox {} not written: {}; what waits is kept in memory and the whole file is written"
            + " again at the next change", file.path(), written.cause().getMessage());
      }
    });
  }

  private void report(String result, int dropped) {
    vertx.eventBus().publish(Addresses.WEBHOOK_PROGRESS, new WebhookProgress(result, dropped, outbox.size()));
  }

  /**
   * One attempt: the answer's status, or a failure. The answer's body is never read: the request is
   * reset as soon as the status is in, or at the deadline, whatever the receiver still sends.
   */
  private Future<Integer> post(HttpClient client, Receiver receiver, Outbox.Pending pending) {
    byte[] body = pending.body().getBytes(StandardCharsets.UTF_8);
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setHost(receiver.host())
        .setPort(receiver.port()).setSsl(receiver.tls()).setURI(receiver.target()).setFollowRedirects(false)
        .setConnectTimeout(ANSWER_WITHIN_MILLIS).setIdleTimeout(2 * ANSWER_WITHIN_MILLIS)
        .putHeader("Content-Type", "application/json").putHeader(EVENT_HEADER, pending.id())
        .putHeader("User-Agent", "condo-webhook");
    receiver.authorization().ifPresent(value -> request.putHeader("Authorization", value));
    byte[] secret = settings.secret();
    if (secret != null) {
      request.putHeader(Signature.HEADER, Signature.of(secret, body));
    }
    return client.request(request).compose(r -> {
      long deadline = vertx.setTimer(ANSWER_WITHIN_MILLIS, t -> r.reset());
      return r.send(Buffer.buffer(body)).map(response -> {
        r.reset();
        return response.statusCode();
      }).onComplete(done -> vertx.cancelTimer(deadline));
    }).timeout(ANSWER_WITHIN_MILLIS + 1000, TimeUnit.MILLISECONDS);
  }

  /** Why an attempt failed, without the request's path: Vert.x's timeout messages quote it, and it may be a token. */
  private static String why(Throwable e, Receiver receiver) {
    String message = e.getMessage();
    boolean safe = message != null && !message.contains(receiver.target()) && (receiver.uri().getRawPath() == null
        || receiver.uri().getRawPath().length() <= 1 || !message.contains(receiver.uri().getRawPath()));
    return e.getClass().getSimpleName() + (safe ? ": " + message : "");
  }

  /** One receiver's delivery loop: the oldest event it has yet to get, one at a time. */
  private final class Courier {
    private final Receiver receiver;
    private final Backoff.Retries retries = Backoff.WEBHOOK.retries();
    /** Its own connections, one at a time: a receiver that holds one open holds back only itself. */
    private final HttpClient client;
    private long dropped;
    /** An attempt in flight, or a back-off running. */
    private boolean busy;
    private int failuresInARow;

    Courier(Receiver receiver) {
      this.receiver = receiver;
      this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false)
          .setConnectTimeout((int) ANSWER_WITHIN_MILLIS), new PoolOptions().setHttp1MaxSize(1));
    }

    /** The outbox was full: said for the first drop and every thousandth after, never once per event. */
    void droppedOldest(Outbox.Pending pending) {
      if (dropped++ % 1000 == 0) {
        LOG.warn("webhook {}: {} events wait already; the oldest are dropped ({} so far, the last {} of service {})",
            receiver, Outbox.MAX_PER_RECEIVER, dropped, pending.id(), pending.service());
      }
    }

    void wake() {
      Outbox.Pending head = outbox.head(receiver.key());
      if (busy || head == null) {
        return;
      }
      busy = true;
      Future<Integer> attempt;
      try {
        attempt = post(client, receiver, head);
      } catch (RuntimeException e) {
        attempt = Future.failedFuture(e);
      }
      attempt.onComplete(answer -> {
        int status = answer.succeeded() ? answer.result() : 0;
        if (status >= 200 && status < 300) {
          delivered(head);
        } else {
          failed(head, answer.succeeded() ? "HTTP " + status : "no answer (" + why(answer.cause(), receiver) + ")",
              answer.succeeded() ? "refused" : "failed");
        }
      });
    }

    private void delivered(Outbox.Pending head) {
      if (failuresInARow > 0) {
        LOG.info("webhook {}: delivering again after {} failed attempt(s)", receiver, failuresInARow);
      }
      failuresInARow = 0;
      retries.succeeded();
      finish(head, "delivered", 0);
    }

    private void failed(Outbox.Pending head, String why, String result) {
      if (failuresInARow++ == 0) {
        LOG.warn("webhook {}: event {} not delivered: {}; retrying with back-off", receiver, head.id(), why);
      }
      if (clock.millis() - head.addedAtMillis() > GIVE_UP_AFTER.toMillis()) {
        LOG.warn("webhook {}: event {} of service {} dropped, undelivered for {} h", receiver, head.id(),
            head.service(), GIVE_UP_AFTER.toHours());
        report(result, 0);
        finish(head, null, 1);
        return;
      }
      report(result, 0);
      vertx.setTimer(retries.failed().toMillis(), t -> {
        busy = false;
        wake();
      });
    }

    private void finish(Outbox.Pending head, String result, int dropped) {
      outbox.done(receiver.key(), head.id());
      journal(1, () -> {
        file.done(receiver.key(), head.id());
        return null;
      });
      report(result, dropped);
      busy = false;
      wake();
    }
  }
}
