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
import io.condo.view.ServicesJson;
import io.condo.view.StateJson;
import io.condo.view.TransitionEvents;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
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
import java.util.TreeMap;
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

  private final String node;
  private final boolean clustered;
  private final Supplier<Set<String>> members;
  private final Set<String> liveNodes = new HashSet<>();
  private final ServicesJson own = new ServicesJson();
  /** Each own service's digest as peers compute it from what they receive. */
  private final Map<String, String> ownDigests = new TreeMap<>();
  /** This Condo as /v1/state\'s "self" shows it. */
  private JsonObject ownSelf;
  private final PeerLedger peers = new PeerLedger();
  private final PullBudget pullBudget = new PullBudget();
  /** Members nobody answers pulls on (not a Condo): not asked again until they speak. */
  private final Set<String> silent = new HashSet<>();
  private final PeerAdmission admission;
  /** Instances that left the view, by instance id, until they come back or a day has passed. */
  private final Map<String, FleetSnapshot.Departure> departed = new HashMap<>();
  /** Enough for a browser or a tool to ride out a short disconnection during a busy rollout. */
  static final int HISTORY_CAPACITY = 4096;
  private final TransitionHistory history = new TransitionHistory(HISTORY_CAPACITY);
  /**
   * Names this run of the instance in transition ids, so ids never repeat across restarts, and is
   * the epoch its sequence numbers count in.
   */
  private final String run = Long.toString(System.currentTimeMillis(), 36)
      + Long.toString(new java.security.SecureRandom().nextLong() & Long.MAX_VALUE, 36);
  private long seq;
  private long transitions;

  /**
   * @param node this node's cluster id, or null when standalone
   * @param members the cluster's members as Hazelcast has them now (read, never cached by it)
   * @param instancesPerNode how many instances one node may speak for (a Condo is one)
   */
  public FleetVerticle(String node, Supplier<Set<String>> members, int instancesPerNode) {
    this.node = node != null ? node : "local";
    this.clustered = node != null;
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
      listening.add(bus.consumer(Addresses.FLEET_STATE, m -> onPeerMessage(m.body(), BusSender.of(m))).completion());
      listening.add(bus.consumer(PeerMessages.pullAddress(node), this::onPull).completion());
    }
    return Future.all(listening)
        .compose(v -> Requests.ask(bus, Addresses.SELF_QUERY, new SelfQuery()))
        .compose(self -> {
          ownSelf = StateJson.self(self);
          return Requests.ask(bus, Addresses.STATE_QUERY, new StateQuery());
        })
        .onSuccess(state -> {
          own.load(state);
          own.names().forEach(name -> ownDigests.put(name, ViewDigest.ofRecord(own.get(name))));
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
    ownSelf = StateJson.self(self);
    publishDelta(Map.of(), true, null);
    changed();
  }

  private void onTransition(ServiceTransition transition) {
    own.apply(transition);
    JsonObject record = own.get(transition.service());
    if (record == null) {
      ownDigests.remove(transition.service());
    } else {
      ownDigests.put(transition.service(), ViewDigest.ofRecord(record));
    }
    TransitionEvent event = own.isLoaded()
        ? TransitionEvents.of(own.instanceId() + "." + run + "." + ++transitions, own.host(), transition) : null;
    Map<String, JsonObject> changed = new HashMap<>();
    changed.put(transition.service(), record);
    publishDelta(changed, false, event);
    if (event != null) {
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
      message.reply(PeerMessages.roster(List.of(beacon())));
    } else if (pull.get().equals(own.instanceId())) {
      message.reply(PeerMessages.snapshot(origin(), own.toJson(), ownSelf));
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
      silent.remove(ask.node());
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

  private void unanswered(Ask ask, Throwable failure) {
    // A member that does not answer for its roster is not a Condo, or not listening yet: its first
    // beacon or delta announces it, and its instance is then asked for until it answers.
    if (ask.instance() == null) {
      peers.settled(ask);
      silent.add(ask.node());
    }
    LOG.debug("a pull from node {} was not answered: {}", ask.node(), failure.getMessage());
  }

  private void onMembership(MembershipChange change) {
    if (change.joined()) {
      joined(change.node());
    } else {
      left(change.node());
    }
  }

  private void joined(String peerNode) {
    if (liveNodes.add(peerNode) && !peerNode.equals(node) && own.isLoaded()) {
      peers.want(new Ask(peerNode, null));
      sendAsks();
    }
  }

  private void left(String peerNode) {
    liveNodes.remove(peerNode);
    silent.remove(peerNode);
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
        if (!peers.knows(member) && !silent.contains(member)) {
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
    vertx.eventBus().publish(Addresses.FLEET_STATE, beacon());
  }

  private JsonObject beacon() {
    return PeerMessages.beacon(origin(), ViewDigest.ofTable(ownDigests, ViewDigest.ofRecord(ownSelf)));
  }

  private Origin origin() {
    return new Origin(own.instanceId(), own.host(), node, run, seq);
  }

  /** @param services what changed, a null record for one removed */
  private void publishDelta(Map<String, JsonObject> services, boolean withSelf, TransitionEvent transition) {
    if (clustered && own.isLoaded()) {
      seq++;
      vertx.eventBus().publish(Addresses.FLEET_STATE,
          PeerMessages.delta(origin(), services, withSelf ? ownSelf : null, transition));
    }
  }

  private void changed() {
    vertx.eventBus().publish(Addresses.FLEET_CHANGES, snapshot());
  }

  private FleetSnapshot snapshot() {
    List<InstanceView> all = new ArrayList<>();
    all.add(new InstanceView(own.instanceId(), own.host(), node, own.toJson(), ownSelf));
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
