package io.condo.consul;

import io.condo.bus.Requests;
import io.condo.bus.ConsulQuery;
import io.condo.bus.Addresses;
import io.condo.fsm.Backoff;
import io.condo.bus.FleetSnapshot;
import io.condo.view.ServicesJson;
import io.condo.bus.ServiceTransition;
import io.condo.bus.StateQuery;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.consul.ConsulClient;
import io.vertx.ext.consul.ConsulClientOptions;
import io.vertx.ext.consul.KeyValue;
import io.vertx.ext.consul.KeyValueList;
import io.vertx.ext.consul.KeyValueOptions;
import io.vertx.ext.consul.SessionBehavior;
import io.vertx.ext.consul.SessionOptions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Map;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exposes this instance's services in Consul KV, one key per service, bound to a session with a
 * TTL so the keys vanish when the instance dies. The session is renewed in the background; when
 * it is lost (expired, destroyed, Consul restarted) a new one is made and every key written
 * again. Consul being away never disturbs anything else: writes wait and are retried.
 */
public final class ConsulVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ConsulVerticle.class);

  private final ConsulSettings settings;
  private final ServicesJson services = new ServicesJson();
  private final Set<String> dirty = new HashSet<>();
  private ConsulClient consul;
  private KeyWatch watch;
  private String session;
  private boolean busy;
  private final Backoff.Retries retries = Backoff.CONSUL.retries();
  private Long retryTimer;
  private String lastProblem;

  public ConsulVerticle(ConsulSettings settings) {
    this.settings = settings;
  }

  @Override
  public Future<?> start() {
    ConsulClientOptions options = new ConsulClientOptions().setHost(settings.url().getHost())
        .setPort(settings.port()).setSsl(settings.ssl()).setTimeout(5_000);
    if (settings.token() != null) {
      options.setAclToken(settings.token());
    }
    consul = ConsulClient.create(vertx, options);
    watch = new KeyWatch(vertx, ConsulClient.create(vertx, new ConsulClientOptions(options)
        .setTimeout(KeyWatch.WAIT.plusSeconds(15).toMillis())), settings.prefix(), this::repair);
    var bus = vertx.eventBus();
    return Future.all(
            bus.<ServiceTransition>localConsumer(Addresses.TRANSITIONS, m -> onTransition(m.body())).completion(),
            Requests.answer(bus, Addresses.CONSUL_QUERY, (ConsulQuery query) -> readFleet()
                .recover(e -> Future.failedFuture("Consul: " + e.getMessage()))))
        .compose(v -> Requests.ask(bus, Addresses.STATE_QUERY, new StateQuery()))
        .onSuccess(state -> {
          services.load(state);
          dirty.addAll(services.names());
          LOG.info("exposing state in Consul at {}", settings);
          vertx.setPeriodic(0, settings.ttlSeconds() * 1000L / 2, id -> renew());
          watch.start();
        });
  }

  @Override
  public Future<?> stop() {
    watch.stop();
    return Future.succeededFuture();
  }

  private void onTransition(ServiceTransition transition) {
    services.apply(transition);
    dirty.add(transition.service());
    flush();
  }

  /** Keeps the session alive; a session Consul no longer knows is replaced and every key re-written. */
  private void renew() {
    if (session == null) {
      createSession();
      return;
    }
    String renewing = session;
    consul.renewSession(renewing).onSuccess(s -> healthy()).onFailure(e -> {
      String why = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
      if (why.contains("404") || why.contains("not found")) {
        LOG.warn("Consul session {} was lost; making a new one and writing every key again", renewing);
        if (renewing.equals(session)) {
          session = null;
        }
        createSession();
      } else {
        problem("cannot renew the Consul session: " + e.getMessage());
      }
    });
  }

  private void createSession() {
    SessionOptions options = new SessionOptions().setName("condo-" + services.instanceId()).setTtl(settings.ttlSeconds())
        .setBehavior(SessionBehavior.DELETE).setLockDelay(0);
    consul.createSessionWithOptions(options).onSuccess(id -> {
      session = id;
      dirty.addAll(services.names());
      healthy();
      flush();
    }).onFailure(e -> problem("cannot create a Consul session: " + e.getMessage()));
  }

  /** Writes what changed, one batch at a time; what fails stays dirty and is retried. */
  private void flush() {
    if (busy || session == null || dirty.isEmpty()) {
      return;
    }
    busy = true;
    List<String> batch = new ArrayList<>(dirty);
    dirty.clear();
    List<Future<?>> writes = new ArrayList<>();
    for (String service : batch) {
      String key = ConsulKeys.key(settings.prefix(), service, services.instanceId());
      JsonObject snapshot = services.get(service);
      Future<?> write = snapshot == null ? consul.deleteValue(key)
          : consul.putValueWithOptions(key, ConsulKeys.value(services.instanceId(), services.host(), service, snapshot),
              new KeyValueOptions().setAcquireSession(session)).compose(acquired -> acquired
              ? Future.succeededFuture() : Future.failedFuture("key " + key + " is held by another session"));
      writes.add(write.onFailure(e -> dirty.add(service)));
    }
    Future.join(writes).onComplete(done -> {
      busy = false;
      if (done.failed()) {
        problem("cannot write to Consul: " + done.cause().getMessage());
        flushLater();
      } else {
        retries.succeeded();
        healthy();
        flush();
      }
    });
  }

  /** What failed is written again after the back-off, however many writes failed meanwhile. */
  private void flushLater() {
    if (retryTimer == null) {
      retryTimer = vertx.setTimer(retries.failed().toMillis(), id -> {
        retryTimer = null;
        flush();
      });
    }
  }

  /**
   * Consul's keys as they are now: one of this instance's that someone removed or changed (a
   * {@code consul kv delete}, another session) is written again, without waiting for a transition.
   */
  private void repair(KeyValueList list) {
    if (session == null) {
      return; // a new session writes every key anyway
    }
    Map<String, KeyValue> stored = new HashMap<>();
    if (list.getList() != null) {
      list.getList().forEach(kv -> stored.put(kv.getKey(), kv));
    }
    for (String service : services.names()) {
      KeyValue kv = stored.get(ConsulKeys.key(settings.prefix(), service, services.instanceId()));
      JsonObject snapshot = services.get(service);
      if (snapshot == null) {
        continue; // deleted: its key goes with the next flush, or is gone already
      }
      String ours = ConsulKeys.value(services.instanceId(), services.host(), service, snapshot);
      if (kv == null || !session.equals(kv.getSession()) || !ours.equals(kv.getValue())) {
        dirty.add(service);
      }
    }
    flush();
  }

  /** A read asked for now (the fleet as Consul has it): one request, nothing polls. */
  private Future<FleetSnapshot> readFleet() {
    return consul.getValues(settings.prefix())
        .map(list -> new FleetSnapshot(ConsulKeys.read(settings.prefix(), list)));
  }

  /** Says a problem once, not at every retry. */
  private void problem(String what) {
    if (!what.equals(lastProblem)) {
      LOG.warn("{} (retrying)", what);
      lastProblem = what;
    }
  }

  private void healthy() {
    if (lastProblem != null) {
      LOG.info("Consul at {} works again", settings.url());
      lastProblem = null;
    }
  }
}
