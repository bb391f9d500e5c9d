package io.condo.self;

import io.condo.bus.Addresses;
import io.condo.bus.FleetQuery;
import io.condo.bus.FleetSnapshot;
import io.condo.bus.InstanceView;
import io.condo.bus.RollClaim;
import io.condo.bus.Requests;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.core.shareddata.Lock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet's self-deploy roll: when {@code self.edn} changes on every host at once, hosts take
 * turns. Each host's part is an entry in a cluster-wide map (Hazelcast's, through Vert.x shared
 * data; a map of this Condo alone when it is not clustered); a host claims its turn under a
 * cluster-wide lock, so two never claim together, and {@link RollDecision} says whose turn it is.
 * The entry outlives the old Condo that wrote it: the new one removes it once it has joined the
 * fleet and published its services (this verticle starts after the fleet's), the old one, put
 * back after a failure, marks it failed, which stops the roll.
 */
public final class SelfRollVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SelfRollVerticle.class);
  static final String MAP = "condo.self-roll";
  private static final String LOCK = "condo.self-roll";
  private static final long LOCK_WAIT_MILLIS = 10_000;

  static final long HANDED_OVER_POLL_MILLIS = 250;

  private final String instance;
  private final String host;
  private final String startedFrom;
  private final HandoverFiles files;
  private final RollSeal seal;
  /** Entries refused, each said once (bounded), though the map is read every second. */
  private final Set<String> warned = Collections.newSetFromMap(new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > 256;
    }
  });
  private AsyncMap<String, String> roll;

  /**
   * @param startedFrom the hash in this container's environment, null when started by hand
   * @param rollKey the fleet's key for the roll's entries, or null without a secret
   */
  public SelfRollVerticle(String instance, String host, String startedFrom, Path stateFile, byte[] rollKey) {
    this.instance = instance;
    this.host = host;
    this.startedFrom = startedFrom;
    this.files = new HandoverFiles(stateFile);
    this.seal = new RollSeal(rollKey);
  }

  @Override
  public Future<?> start() {
    var bus = vertx.eventBus();
    return vertx.sharedData().<String, String>getAsyncMap(MAP)
        .compose(map -> {
          roll = map;
          return settleOwnEntry();
        })
        .compose(v -> Future.all(Requests.answer(bus, Addresses.SELF_ROLL, this::claim),
            bus.<RollClaim.Ended>localConsumer(Addresses.SELF_ROLL_ENDED, m -> ended(m.body())).completion()));
  }

  /**
   * A hand-over this host wrote down has ended, or is ending, by the time a Condo of it starts: this
   * is the new Condo (its turn is over once the helper has found it healthy), or the old one put back with the failure
   * written beside the state (the roll stops). Anything else (a hand-over cut short before it
   * began) stays until this Condo claims again.
   */
  private Future<Void> settleOwnEntry() {
    return roll.get(instance).compose(text -> {
      if (text == null) {
        return Future.succeededFuture();
      }
      RollSeal.Opened opened = seal.open(instance, text);
      if (opened.entry() == null) {
        // Under this instance's key only this instance writes: whatever else stands there goes.
        LOG.warn("removed what stood under this instance's key in the fleet's self-deploy roll: {}", opened.why());
        return roll.remove(instance).mapEmpty();
      }
      RollEntry own = opened.entry();
      if (own.failed()) {
        return Future.succeededFuture();
      }
      if (own.target().equals(startedFrom)) {
        clearOnceHandedOver(Instant.now().plusSeconds(SelfDeployVerticle.HEALTHY_WITHIN_SECONDS + 30L));
        return Future.succeededFuture();
      }
      return vertx.executeBlocking(files::failure, false).compose(failure -> {
        if (failure != null && failure.hash().equals(own.target())) {
          return roll.put(instance, seal.seal(own.failedWith(failure.error())));
        }
        return Future.succeededFuture();
      });
    }).recover(e -> {
      LOG.warn("cannot settle this host's part in the fleet's self-deploy roll: {}", e.getMessage());
      return Future.succeededFuture();
    });
  }

  /**
   * This Condo's turn ends when the hand-over helper has found it healthy and forgotten the
   * hand-over to it: only then may the next host stop its Condo. Read from the hand-over file every
   * {@link #HANDED_OVER_POLL_MILLIS}; past the helper's own time limit, a file left by a helper that
   * died no longer holds the fleet back.
   */
  private void clearOnceHandedOver(Instant giveUpAt) {
    vertx.executeBlocking(files::handover, false).onComplete(read -> {
      HandoverFiles.Handover h = read.succeeded() ? read.result() : null;
      boolean toMe = h != null && h.hash().equals(startedFrom);
      if (toMe && Instant.now().isBefore(giveUpAt)) {
        vertx.setTimer(HANDED_OVER_POLL_MILLIS, t -> clearOnceHandedOver(giveUpAt));
        return;
      }
      LOG.info("this Condo is back in the fleet and healthy after its self-deploy: the next host may replace itself");
      roll.remove(instance).onFailure(e -> LOG.warn("cannot end this host's turn in the fleet's self-deploy roll: {}",
          e.getMessage()));
    });
  }

  /** Asked without the lock first: a host waiting for its turn asks every second. */
  private Future<RollClaim.Verdict> claim(RollClaim claim) {
    return verdict().compose(first -> {
      if (first.kind() != RollClaim.Kind.GO) {
        return Future.succeededFuture(first);
      }
      return vertx.sharedData().getLockWithTimeout(LOCK, LOCK_WAIT_MILLIS).compose(lock -> underLock(lock, claim));
    });
  }

  private Future<RollClaim.Verdict> underLock(Lock lock, RollClaim claim) {
    return verdict().compose(verdict -> verdict.kind() != RollClaim.Kind.GO
        ? Future.succeededFuture(verdict)
        : roll.put(instance, seal.seal(RollEntry.handingOver(instance, host, claim.target()))).map(verdict))
        .onComplete(done -> lock.release());
  }

  private Future<RollClaim.Verdict> verdict() {
    return Requests.ask(vertx.eventBus(), Addresses.FLEET_QUERY, new FleetQuery())
        .compose(fleet -> roll.entries().map(entries -> RollDecision.of(instance, trusted(entries), startedFrom(fleet),
            Instant.now())));
  }

  /** The entries sealed with the fleet's key; any other is ignored, and said once. */
  private List<RollEntry> trusted(Map<?, ?> entries) {
    List<RollEntry> trusted = new ArrayList<>();
    entries.forEach((key, value) -> {
      RollSeal.Opened opened = seal.open(key, value);
      String filedUnder = String.valueOf(key);
      if (opened.entry() != null) {
        trusted.add(opened.entry());
      } else if (warned.add(filedUnder.substring(0, Math.min(64, filedUnder.length())) + "\0" + opened.why())) {
        LOG.warn("ignored an entry of the fleet's self-deploy roll ({}): only entries sealed with the fleet's key count",
            opened.why());
      }
    });
    return trusted;
  }

  private static Map<String, String> startedFrom(FleetSnapshot fleet) {
    Map<String, String> hashes = new HashMap<>();
    for (InstanceView view : fleet.instances()) {
      hashes.put(view.instance(), view.self() == null ? null : view.self().getString("started_from"));
    }
    return hashes;
  }

  private void ended(RollClaim.Ended ended) {
    Future<?> written = ended instanceof RollClaim.Failed failed
        ? roll.put(instance, seal.seal(RollEntry.handingOver(instance, host, failed.target()).failedWith(failed.error())))
        : roll.remove(instance);
    written.onFailure(e -> LOG.warn("cannot tell the fleet's roll what became of this host's self-deploy: {}",
        e.getMessage()));
  }
}
