package io.condo.fleet;

import io.condo.bus.Addresses;
import io.condo.bus.FleetQuery;
import io.condo.bus.FleetSnapshot;
import io.condo.bus.HistoryQuery;
import io.condo.bus.InstanceChange;
import io.condo.bus.InstanceView;
import io.condo.bus.MembershipChange;
import io.condo.bus.Requests;
import io.condo.bus.SelfQuery;
import io.condo.bus.SelfStatus;
import io.condo.bus.ServiceTransition;
import io.condo.bus.StateQuery;
import io.condo.bus.TransitionEvent;
import io.condo.fleet.PeerLedger.Ask;
import io.condo.fleet.PeerMessages.Beacon;
import io.condo.fleet.PeerMessages.Origin;
import io.condo.fleet.PeerMessages.Update;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet's state as this instance knows it. Each transition of this instance goes to every
 * peer as a delta: that service's record, numbered in this run. Now and then a small beacon says
 * how far this instance has got and the digest of its table. A peer that finds its copy behind,
 * from another run or different, pulls a snapshot of this instance, point to point; a node that
 * joins or comes back pulls the roster of every member. A peer leaves the view the moment
 * Hazelcast says its node left. Standalone (not clustered) the fleet is this instance alone.
 */
public final class FleetVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(FleetVerticle.class);
  /** How long an instance that left is still named as missing, if it never comes back. */
  private static final Duration DEPARTED_KEPT = Duration.ofHours(24);
  private static final long PULL_TIMEOUT_MILLIS = 3_000;
  private static final long ASKS_EVERY_MILLIS = 1_000;
  /** After a merge, long enough for Hazelcast to have re-run its merge tasks (Vert.x's included). */
  private static final long MERGE_SETTLE_MILLIS = 2_000;

  private final String node;
  private final boolean clustered;
  private final Supplier<Set<String>> members;
  private final Set<String> liveNodes = new HashSet<>();
  private final OwnRecord own;
  private final PeerLedger peers = new PeerLedger();
  private final PullBudget pullBudget = new PullBudget();
  /** Members seen to leave (the last 1024), so that one coming back is known as such. */
  private final Set<String> leftNodes = java.util.Collections.newSetFromMap(new java.util.LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > 1024;
    }
  });
  /** This node's two clustered consumers, renewed after a merge (see {@link #renewRegistrations}). */
  private MessageConsumer<Object> stateConsumer;
  private MessageConsumer<Object> pullConsumer;
  private final PeerAdmission admission;
  /** Instances that left the view, by instance id, until they come back or a day has passed. */
  private final Map<String, FleetSnapshot.Departure> departed = new HashMap<>();
  /** Enough for a browser or a tool to ride out a short disconnection during a busy rollout. */
  static final int HISTORY_CAPACITY = 4096;
  private final TransitionHistory history = new TransitionHistory(HISTORY_CAPACITY);
  /**
   * @param node this node's cluster id, or null when standalone
   * @param members the cluster's members as Hazelcast has them now (read, never cached by it)
   * @param instancesPerNode how many instances one node may speak for (a Condo is one)
   */
  public FleetVerticle(String node, Supplier<Set<String>> members, int instancesPerNode) {
    this.node = node != null ? node : "local";
    this.clustered = node != null;
    this.own = new OwnRecord(this.node);
    this.members = members;
    this.admission = new PeerAdmission(peers, instancesPerNode);
  }

  @Override
  public Future<?> start() {
    var bus = vertx.eventBus();
    liveNodes.addAll(members.get());
    // Listen first, then read the state: a transition between the two is in the answer, and
    // one after it arrives after the answer (same sender, same order).
    List<Future<?>> listening = new ArrayList<>();
    listening.add(bus.<ServiceTransition>localConsumer(Addresses.TRANSITIONS, m -> onTransition(m.body()))
        .completion());
    listening.add(Requests.answerNow(bus, Addresses.FLEET_QUERY, (FleetQuery query) -> snapshot()));
    listening.add(Requests.answerNow(bus, Addresses.FLEET_HISTORY, this::history));
    listening.add(bus.<SelfStatus>localConsumer(Addresses.SELF_CHANGES, m -> onSelf(m.body())).completion());
    listening.add(bus.<MembershipChange>localConsumer(Addresses.FLEET_MEMBERSHIP, m -> onMembership(m.body()))
        .completion());
    if (clustered) {
      stateConsumer = bus.consumer(Addresses.FLEET_STATE, m -> onPeerMessage(m.body(), BusSender.of(m)));
      pullConsumer = bus.consumer(PeerMessages.pullAddress(node), this::onPull);
      listening.add(stateConsumer.completion());
      listening.add(pullConsumer.completion());
    }
    return Future.all(listening)
        .compose(v -> Requests.ask(bus, Addresses.SELF_QUERY, new SelfQuery()))
        .compose(self -> Requests.ask(bus, Addresses.STATE_QUERY, new StateQuery()).map(state -> {
          own.load(state, self);
          return state;
        }))
        .onSuccess(state -> {
          if (clustered) {
            // One small beacon says this run has begun; every member's roster is pulled. Nobody
            // sends everything to everyone.
            publishBeacon();
            reconcile();
            scheduleBeacon();
            vertx.setPeriodic(ASKS_EVERY_MILLIS, id -> sendAsks());
          }
        });
  }

  private void onSelf(SelfStatus self) {
    JsonObject delta = own.selfChanged(self);
    publish(delta);
    changed();
  }

  private void onTransition(ServiceTransition transition) {
    TransitionEvent event = own.apply(transition);
    if (event != null) {
      publish(own.delta(transition.service(), event));
      record(event);
    }
    changed();
  }

  /** Into the history first, then to every live reader: a reader that asks the history and listens never misses one. */
  private void record(TransitionEvent event) {
    vertx.eventBus().publish(Addresses.FLEET_TRANSITIONS, history.append(event));
  }

  private HistoryQuery.Answer history(HistoryQuery query) {
    if (query.since() == null) {
      return new HistoryQuery.Answer(false, List.of(), history.head());
    }
    return history.after(query.since())
        .map(after -> new HistoryQuery.Answer(false, after, history.head()))
        .orElseGet(() -> new HistoryQuery.Answer(true, List.of(), history.head()));
  }

  /** @param sender the node the bus says sent it, or null when it cannot say */
  private void onPeerMessage(Object body, String sender) {
    if (!own.isLoaded()) {
      return; // not started yet; once started, this instance pulls every member's roster
    }
    switch (PeerMessages.kind(body)) {
      case "delta" -> {
        Update delta = PeerMessages.readUpdate(body);
        if (delta != null && admitted(delta.origin(), sender)) {
          took(peers.delta(delta));
        }
      }
      case "beacon" -> {
        Beacon beacon = PeerMessages.readBeacon(body);
        if (beacon != null && admitted(beacon.origin(), sender)) {
          peers.beacon(beacon);
        }
      }
      default -> LOG.debug("dropped a fleet message of no known kind");
    }
    sendAsks();
  }

  private boolean admitted(Origin origin, String sender) {
    return !(origin.instance().equals(own.instanceId()) && origin.node().equals(node))
        && admission.admits(origin, sender, this::isLive);
  }

  /** A node is live if Hazelcast says so now, whether or not its event has reached this loop yet. */
  private boolean isLive(String peerNode) {
    if (liveNodes.contains(peerNode)) {
      return true;
    }
    if (members.get().contains(peerNode)) {
      joined(peerNode);
      return true;
    }
    return false;
  }

  /** Carries out what a delta or snapshot changed. */
  private void took(PeerLedger.Outcome outcome) {
    if (outcome.joined() != null) {
      InstanceView view = outcome.joined();
      LOG.info("peer {} on {} joined the fleet view", view.instance(), view.host());
      departed.remove(view.instance());
      vertx.eventBus().publish(Addresses.FLEET_INSTANCES, new InstanceChange.Joined(view));
    }
    if (outcome.transition() != null) {
      record(outcome.transition());
    }
    if (outcome.changed()) {
      changed();
    }
  }

  /** Answers a pull: this node's roster, or this instance's snapshot. Read-only, and budgeted per asker. */
  private void onPull(Message<Object> message) {
    String asker = BusSender.of(message);
    var pull = PeerMessages.readPull(message.body());
    if (pull == null || !own.isLoaded()) {
      message.fail(400, "not a pull");
      return;
    }
    if (asker != null && (!isLive(asker) || !pullBudget.take(asker, System.nanoTime()))) {
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
  private void sendAsks() {
    if (!clustered) {
      return;
    }
    for (Ask ask : peers.due(Instant.now())) {
      vertx.eventBus().request(PeerMessages.pullAddress(ask.node()), PeerMessages.pull(ask.instance()),
              new DeliveryOptions().setSendTimeout(PULL_TIMEOUT_MILLIS))
          .onSuccess(reply -> answered(ask, reply))
          .onFailure(e -> unanswered(ask, e));
    }
  }

  private void answered(Ask ask, Message<Object> reply) {
    String sender = BusSender.of(reply);
    if (sender != null && !sender.equals(ask.node()) || !isLive(ask.node())) {
      return;
    }
    if (ask.instance() == null) {
      List<Beacon> roster = PeerMessages.readRoster(reply.body());
      peers.settled(ask);
      if (roster != null) {
        roster.stream().filter(b -> b.origin().node().equals(ask.node()) && admitted(b.origin(), sender))
            .forEach(peers::beacon);
      }
    } else {
      Update snapshot = PeerMessages.readUpdate(reply.body());
      if (snapshot != null && admitted(snapshot.origin(), sender)) {
        took(peers.snapshot(ask, snapshot));
      }
    }
    sendAsks();
    changed();
  }

  /** The ask stays, and is sent again with back-off: a member merging back does not listen at once. */
  private void unanswered(Ask ask, Throwable failure) {
    LOG.debug("a pull from node {} was not answered: {}", ask.node(), failure.getMessage());
  }

  private void onMembership(MembershipChange change) {
    switch (change.kind()) {
      case JOINED -> {
        // A member coming back after a split may route its publishes by tables from before it:
        // a registration made now reaches it as news, and its routes are read again.
        boolean returning = leftNodes.remove(change.node());
        joined(change.node());
        if (returning) {
          vertx.setTimer(MERGE_SETTLE_MILLIS, id -> renewRegistrations());
        }
      }
      case LEFT -> left(change.node());
      case MERGED -> {
        // Back from a split: the cluster's tables may have lost this node's registrations, and
        // this node's routes may still lack the members it saw leave. Registering anew fixes both.
        renewRegistrations();
        vertx.setTimer(MERGE_SETTLE_MILLIS, id -> renewRegistrations());
        reconcile();
      }
    }
  }

  /**
   * Registers this node's clustered consumers anew, then drops the old ones: each registration is
   * a new entry in the cluster's table, so every member (and this one) reads the address's routes
   * again. Both listen for a moment; a message heard twice is a duplicate, which changes nothing.
   */
  private void renewRegistrations() {
    if (!clustered) {
      return;
    }
    MessageConsumer<Object> oldState = stateConsumer;
    MessageConsumer<Object> oldPull = pullConsumer;
    stateConsumer = vertx.eventBus().consumer(Addresses.FLEET_STATE, m -> onPeerMessage(m.body(), BusSender.of(m)));
    pullConsumer = vertx.eventBus().consumer(PeerMessages.pullAddress(node), this::onPull);
    Future.all(stateConsumer.completion(), pullConsumer.completion())
        .onComplete(done -> {
          oldState.unregister();
          oldPull.unregister();
          LOG.info("renewed this node's fleet registrations");
        });
  }

  private void joined(String peerNode) {
    if (liveNodes.add(peerNode) && !peerNode.equals(node) && own.isLoaded()) {
      peers.want(new Ask(peerNode, null));
      sendAsks();
    }
  }

  private void left(String peerNode) {
    if (liveNodes.remove(peerNode)) {
      leftNodes.add(peerNode);
    }
    List<PeerLedger.Gone> gone = peers.depart(peerNode);
    for (PeerLedger.Gone peer : gone) {
      LOG.info("peer {} on {} left the fleet view", peer.instance(), peer.host());
      FleetSnapshot.Departure departure = new FleetSnapshot.Departure(peer.instance(), peer.host(), Instant.now());
      departed.put(peer.instance(), departure);
      vertx.eventBus().publish(Addresses.FLEET_INSTANCES, new InstanceChange.Departed(departure));
    }
    if (!gone.isEmpty()) {
      changed();
    }
  }

  /**
   * Hazelcast's members as they are now against this view: a membership event that never reached
   * this loop (a merge after a freeze) is made good here, and a member no instance is known from
   * is asked for its roster.
   */
  private void reconcile() {
    Set<String> now = members.get();
    for (String gone : new ArrayList<>(liveNodes)) {
      if (!now.contains(gone)) {
        left(gone);
      }
    }
    for (String member : now) {
      if (!member.equals(node)) {
        joined(member);
        if (!peers.knows(member)) {
          peers.want(new Ask(member, null));
        }
      }
    }
    sendAsks();
  }

  private void scheduleBeacon() {
    vertx.setTimer(Beacons.nextDelayMillis(liveNodes.size()), id -> {
      publishBeacon();
      reconcile();
      scheduleBeacon();
    });
  }

  private void publishBeacon() {
    publish(own.beacon());
  }

  private void publish(JsonObject message) {
    if (clustered && own.isLoaded()) {
      vertx.eventBus().publish(Addresses.FLEET_STATE, message);
    }
  }

  private void changed() {
    vertx.eventBus().publish(Addresses.FLEET_CHANGES, snapshot());
  }

  private FleetSnapshot snapshot() {
    List<InstanceView> all = new ArrayList<>();
    all.add(own.view());
    peers.views().stream().sorted(Comparator.comparing(InstanceView::host).thenComparing(InstanceView::instance))
        .forEach(all::add);
    Instant forgotten = Instant.now().minus(DEPARTED_KEPT);
    departed.values().removeIf(d -> d.leftAt().isBefore(forgotten));
    List<FleetSnapshot.Departure> missing = departed.values().stream()
        .sorted(Comparator.comparing(FleetSnapshot.Departure::host).thenComparing(FleetSnapshot.Departure::instance))
        .toList();
    return new FleetSnapshot(List.copyOf(all), missing, history.head(), peers.repairing());
  }
}
