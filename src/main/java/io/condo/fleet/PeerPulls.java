package io.condo.fleet;

import io.condo.fleet.PeerLedger.Ask;
import io.condo.fleet.PeerMessages.Beacon;
import io.condo.fleet.PeerMessages.Origin;
import io.condo.fleet.PeerMessages.Update;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import java.time.Clock;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The point-to-point half of the fleet protocol: a peer's pull answered (this node's roster, or
 * this instance's snapshot; live members only, budgeted per asker, read-only), and the asks that
 * are due sent (rosters of nodes, snapshots of instances), their answers admitted as a peer's
 * published messages are.
 */
final class PeerPulls {

  private static final Logger LOG = LoggerFactory.getLogger(FleetVerticle.class);
  private static final long PULL_TIMEOUT_MILLIS = 3_000;

  private final Vertx vertx;
  private final Clock clock;
  private final boolean clustered;
  private final PeerLedger peers;
  private final OwnRecord own;
  private final Predicate<String> isLive;
  private final BiPredicate<Origin, String> admitted;
  private final Consumer<PeerLedger.Outcome> took;
  private final Runnable changed;
  private final PullBudget budget = new PullBudget();

  /**
   * @param isLive whether a node is a member now
   * @param admitted whether a peer's message, from the node the bus names, may be taken
   * @param took carries out what a snapshot changed
   * @param changed tells that the view changed
   */
  PeerPulls(Vertx vertx, Clock clock, boolean clustered, PeerLedger peers, OwnRecord own, Predicate<String> isLive,
            BiPredicate<Origin, String> admitted, Consumer<PeerLedger.Outcome> took, Runnable changed) {
    this.vertx = vertx;
    this.clock = clock;
    this.clustered = clustered;
    this.peers = peers;
    this.own = own;
    this.isLive = isLive;
    this.admitted = admitted;
    this.took = took;
    this.changed = changed;
  }

  /** Answers a pull: this node's roster, or this instance's snapshot. Read-only, and budgeted per asker. */
  void answer(Message<Object> message) {
    String asker = BusSender.of(message);
    var pull = PeerMessages.readPull(message.body());
    if (pull == null || !own.isLoaded()) {
      message.fail(400, "not a pull");
      return;
    }
    if (asker != null && (!isLive.test(asker) || !budget.take(asker, System.nanoTime()))) {
      message.fail(429, "refused");
      return;
    }
    if (pull.isEmpty()) {
      message.reply(PeerMessages.roster(List.of(own.beacon())));
    } else if (pull.get().equals(own.instanceId())) {
      message.reply(own.snapshot());
    } else {
      message.fail(404, "no such instance here");
    }
  }

  /** Sends every ask that is due: rosters of nodes, snapshots of instances. */
  void sendAsks() {
    if (!clustered) {
      return;
    }
    for (Ask ask : peers.due(clock.instant())) {
      vertx.eventBus().request(PeerMessages.pullAddress(ask.node()), PeerMessages.pull(ask.instance()),
              new DeliveryOptions().setSendTimeout(PULL_TIMEOUT_MILLIS))
          .onSuccess(reply -> answered(ask, reply))
          .onFailure(e -> unanswered(ask, e));
    }
  }

  private void answered(Ask ask, Message<Object> reply) {
    String sender = BusSender.of(reply);
    if (sender != null && !sender.equals(ask.node()) || !isLive.test(ask.node())) {
      return;
    }
    if (ask.instance() == null) {
      List<Beacon> roster = PeerMessages.readRoster(reply.body());
      peers.settled(ask);
      if (roster != null) {
        roster.stream().filter(b -> b.origin().node().equals(ask.node()) && admitted.test(b.origin(), sender))
            .forEach(peers::beacon);
      }
    } else {
      Update snapshot = PeerMessages.readUpdate(reply.body());
      if (snapshot != null && admitted.test(snapshot.origin(), sender)) {
        took.accept(peers.snapshot(ask, snapshot));
      }
    }
    sendAsks();
    changed.run();
  }

  /** The ask stays, and is sent again with back-off: a member merging back does not listen at once. */
  private void unanswered(Ask ask, Throwable failure) {
    LOG.debug("a pull from node {} was not answered: {}", ask.node(), failure.getMessage());
  }
}
