package io.condo.self;

import io.condo.bus.Addresses;
import io.condo.bus.FleetQuery;
import io.condo.bus.FleetSnapshot;
import io.condo.bus.InstanceView;
import io.condo.bus.RollClaim;
import io.condo.bus.Requests;
import io.condo.rollout.Turn;
import io.condo.rollout.Turns;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.time.Clock;

/**
 * The fleet's self-deploy roll: when {@code self.edn} changes on every host at once, hosts take
 * turns, through the fleet's {@link Turns} under the subject {@link Turn#SELF}, the same
 * mechanism as services' rollouts; {@link RollDecision} says whose turn it is. The turn outlives
 * the old Condo that claimed it: the new one ends it once the hand-over helper has found it
 * healthy; the old one, put back after a failure, marks it failed, which stops the roll.
 */
public final class SelfRollVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SelfRollVerticle.class);
  /**
   * Where Condos before the fleet's turns wrote their part in the roll: a Condo of such a version
   * handing over to this one left its entry there, and the rest of the fleet waits for it to go.
   */
  private static final String EARLIER_MAP = "condo.self-roll";

  static final long HANDED_OVER_POLL_MILLIS = 250;

  private final String instance;
  private final Clock clock;
  private final String host;
  private final String startedFrom;
  private final HandoverFiles files;
  private final byte[] rollKey;
  private Turns turns;
  /**
   * This Condo's turn ends once the helper has found it healthy: until then nothing it decides
   * (that it runs the self.edn it reads, say) gives the turn back.
   */
  private boolean handedOverToMe;

  /**
   * @param startedFrom the hash in this container's environment, null when started by hand
   * @param rollKey the fleet's key for the turns' seals, or null without a secret
   */
  public SelfRollVerticle(String instance, String host, String startedFrom, Path stateFile, byte[] rollKey,
                          Clock clock) {
    this.clock = clock;
    this.instance = instance;
    this.host = host;
    this.startedFrom = startedFrom;
    this.files = new HandoverFiles(stateFile);
    this.rollKey = rollKey;
  }

  @Override
  public Future<?> start() {
    var bus = vertx.eventBus();
    return Turns.open(vertx, rollKey)
        .compose(opened -> {
          turns = opened;
          return settleOwnTurn();
        })
        .compose(v -> Future.all(Requests.answer(bus, Addresses.SELF_ROLL, this::claim),
            Requests.answer(bus, Addresses.SELF_ROLL_HANDING_OVER, (RollClaim.HandingOver h) ->
                turns.put(Turn.deploying(Turn.SELF, instance, host, h.target(), null, clock.instant())).map(true)),
            bus.<RollClaim.Ended>localConsumer(Addresses.SELF_ROLL_ENDED, m -> ended(m.body())).completion()));
  }

  /**
   * A hand-over this host claimed has ended, or is ending, by the time a Condo of it starts: this
   * is the new Condo (its turn is over once the helper has found it healthy), or the old one put back with the failure
   * written beside the state (the roll stops). Anything else (a hand-over cut short before it
   * began) stays until this Condo claims again.
   */
  private Future<Void> settleOwnTurn() {
    return turns.own(instance, Turn.SELF).compose(own -> {
      if (own != null && own.failed()) {
        return Future.succeededFuture();
      }
      if (own == null || own.target().equals(startedFrom)) {
        if (startedFrom != null) {
          clearOnceHandedOver(clock.instant().plusSeconds(SelfDeployVerticle.HEALTHY_WITHIN_SECONDS + 30L));
        }
        return Future.succeededFuture();
      }
      return vertx.executeBlocking(files::failure, false).compose(failure -> {
        if (failure != null && failure.hash().equals(own.target())) {
          return turns.put(own.failedWith(failure.error(), clock.instant()));
        }
        return Future.succeededFuture();
      });
    }).recover(e -> {
      LOG.warn("cannot settle this host's turn in the fleet's self-deploy roll: {}", e.getMessage());
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
    handedOverToMe = true;
    vertx.executeBlocking(files::handover, false).onComplete(read -> {
      HandoverFiles.Handover h = read.succeeded() ? read.result() : null;
      boolean toMe = h != null && h.hash().equals(startedFrom);
      if (toMe && clock.instant().isBefore(giveUpAt)) {
        vertx.setTimer(HANDED_OVER_POLL_MILLIS, t -> clearOnceHandedOver(giveUpAt));
        return;
      }
      handedOverToMe = false;
      LOG.info("this Condo is back in the fleet and healthy after its self-deploy: the next host may replace itself");
      Future.all(turns.remove(instance, Turn.SELF),
              vertx.sharedData().<String, String>getAsyncMap(EARLIER_MAP).compose(earlier -> earlier.remove(instance)))
          .onFailure(e -> LOG.warn("cannot end this host's turn in the fleet's self-deploy roll: {}", e.getMessage()));
    });
  }

  private Future<RollClaim.Verdict> claim(RollClaim claim) {
    return turns.claim(Turn.SELF, this::verdict,
        () -> Turn.deploying(Turn.SELF, instance, host, claim.target(), null, clock.instant()));
  }

  private Future<RollClaim.Verdict> verdict(List<Turn> roll) {
    return Requests.ask(vertx.eventBus(), Addresses.FLEET_QUERY, new FleetQuery())
        .map(fleet -> RollDecision.of(instance, roll, startedFrom(fleet), fleet.repairing(), clock.instant()));
  }

  private static Map<String, String> startedFrom(FleetSnapshot fleet) {
    Map<String, String> hashes = new HashMap<>();
    for (InstanceView view : fleet.instances()) {
      hashes.put(view.instance(), view.self() == null ? null : view.self().getString("started_from"));
    }
    return hashes;
  }

  private void ended(RollClaim.Ended ended) {
    if (ended instanceof RollClaim.Withdrawn && handedOverToMe) {
      return; // the turn ends once the helper has found this Condo healthy, not before
    }
    Future<?> written = ended instanceof RollClaim.Failed failed
        ? turns.put(Turn.deploying(Turn.SELF, instance, host, failed.target(), null, clock.instant())
            .failedWith(failed.error(), clock.instant()))
        : turns.remove(instance, Turn.SELF);
    written.onFailure(e -> LOG.warn("cannot tell the fleet's roll what became of this host's self-deploy: {}",
        e.getMessage()));
  }
}
