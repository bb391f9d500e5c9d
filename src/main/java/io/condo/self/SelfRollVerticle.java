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
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
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

  private final String instance;
  private final String host;
  private final String startedFrom;
  private final HandoverFiles files;
  private AsyncMap<String, String> roll;

  /** @param startedFrom the hash in this container's environment, null when started by hand */
  public SelfRollVerticle(String instance, String host, String startedFrom, Path stateFile) {
    this.instance = instance;
    this.host = host;
    this.startedFrom = startedFrom;
    this.files = new HandoverFiles(stateFile);
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
   * A hand-over this host wrote down has ended by the time a Condo of it starts: this is the new
   * Condo (its turn is over, the next host may go), or the old one put back with the failure
   * written beside the state (the roll stops). Anything else (a hand-over cut short before it
   * began) stays until this Condo claims again.
   */
  private Future<Void> settleOwnEntry() {
    return roll.get(instance).compose(text -> {
      RollEntry own = text == null ? null : RollEntry.parse(text);
      if (own == null || own.failed()) {
        return Future.succeededFuture();
      }
      if (own.target().equals(startedFrom)) {
        LOG.info("this Condo is back in the fleet after its self-deploy: the next host may replace itself");
        return roll.remove(instance).mapEmpty();
      }
      return vertx.executeBlocking(files::failure, false).compose(failure -> {
        if (failure != null && failure.hash().equals(own.target())) {
          return roll.put(instance, own.failedWith(failure.error()).toText());
        }
        return Future.succeededFuture();
      });
    }).recover(e -> {
      LOG.warn("cannot settle this host's part in the fleet's self-deploy roll: {}", e.getMessage());
      return Future.succeededFuture();
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
        : roll.put(instance, RollEntry.handingOver(instance, host, claim.target()).toText()).map(verdict))
        .onComplete(done -> lock.release());
  }

  private Future<RollClaim.Verdict> verdict() {
    return Requests.ask(vertx.eventBus(), Addresses.FLEET_QUERY, new FleetQuery())
        .compose(fleet -> roll.entries().map(entries -> RollDecision.of(instance,
            entries.values().stream().map(RollEntry::parse).filter(Objects::nonNull).toList(), startedFrom(fleet),
            Instant.now())));
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
        ? roll.put(instance, RollEntry.handingOver(instance, host, failed.target()).failedWith(failed.error()).toText())
        : roll.remove(instance);
    written.onFailure(e -> LOG.warn("cannot tell the fleet's roll what became of this host's self-deploy: {}",
        e.getMessage()));
  }
}
