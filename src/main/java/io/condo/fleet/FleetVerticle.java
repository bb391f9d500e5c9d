package io.condo.fleet;

import io.condo.bus.Addresses;
import io.condo.bus.FleetQuery;
import io.condo.bus.FleetSnapshot;
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
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.time.Clock;

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
  private static final long ASKS_EVERY_MILLIS = 1_000;
  private static final long MEMBERS_READ_EVERY_MILLIS = 500; // see dropDeparted
  /** After a merge, long enough for Hazelcast to have re-run its merge tasks (Vert.x's included). */
  private static final long MERGE_SETTLE_MILLIS = 2_000;

  private final String node;
  private final Clock clock;
  private final boolean clustered;
  private final Supplier<Set<String>> members;
  private final Set<String> liveNodes = new HashSet<>();
  private final OwnRecord own;
  private final PeerLedger peers = new PeerLedger();
  private final Departures departures = new Departures();
  private FleetRegistrations registrations;
  private final PeerAdmission admission;
  private PeerPulls pulls;
  /** Enough for a browser or a tool to ride out a short disconnection during a busy rollout. */
  static final int HISTORY_CAPACITY = 4096;
  private final TransitionHistory history = new TransitionHistory(HISTORY_CAPACITY);
  /**
   * @param node this node's cluster id, or null when standalone
   * @param members the cluster's members as Hazelcast has them now (read, never cached by it)
   * @param instancesPerNode how many instances one node may speak for (a Condo is one)
   */
  public FleetVerticle(String node, Supplier<Set<String>> members, int instancesPerNode, Clock clock) {
    this.clock = clock;
    this.node = node != null ? node : "local";
    this.clustered = node != null;
    this.own = new OwnRecord(this.node);
    this.members = members;
    this.admission = new PeerAdmission(peers, instancesPerNode);
  }

  @Override
  public Future<?> start() {
    pulls = new PeerPulls(vertx, clock, clustered, peers, own, this::isLive, this::admitted, this::took, this::changed);
    var bus = vertx.eventBus();
    liveNodes.addAll(members.get());
    // Listen first, then read the state: a transition between the two is in the answer, and
    // one after it arrives after the answer (same sender, same order).
    List<Future<?>> listening = new ArrayList<>();
    listening.add(bus.<ServiceTransition>localConsumer(Addresses.TRANSITIONS, m -> onTransition(m.body()))
        .completion());
    listening.add(Requests.answerNow(bus, Addresses.FLEET_QUERY, (FleetQuery query) -> snapshot()));
    listening.add(Requests.answerNow(bus, Addresses.FLEET_HISTORY, history::answer));
    listening.add(bus.<SelfStatus>localConsumer(Addresses.SELF_CHANGES, m -> onSelf(m.body())).completion());
    listening.add(bus.<MembershipChange>localConsumer(Addresses.FLEET_MEMBERSHIP, m -> onMembership(m.body()))
        .completion());
    if (clustered) {
      registrations = new FleetRegistrations(vertx, node, m -> onPeerMessage(m.body(), BusSender.of(m)), pulls::answer);
      listening.add(registrations.register());
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
            vertx.setPeriodic(ASKS_EVERY_MILLIS, id -> pulls.sendAsks());
            vertx.setPeriodic(MEMBERS_READ_EVERY_MILLIS, id -> dropDeparted());
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
    pulls.sendAsks();
  }

  private boolean admitted(Origin origin, String sender) {
    return !(origin.instance().equals(own.instanceId()) && origin.node().equals(node))
        && admission.admits(origin, sender, this::isLive);
  }

  /** A node is live if Hazelcast says so now, whether or not its event has reached this loop yet. */
  private boolean isLive(String peerNode) {
    if (!liveNodes.contains(peerNode) && members.get().contains(peerNode)) {
      joined(peerNode); // adds it to liveNodes
    }
    return liveNodes.contains(peerNode);
  }

  /** Carries out what a delta or snapshot changed. */
  private void took(PeerLedger.Outcome outcome) {
    if (outcome.joined() != null) {
      InstanceView view = outcome.joined();
      LOG.info("peer {} on {} joined the fleet view", view.instance(), view.host());
      departures.instanceBack(view.instance());
      vertx.eventBus().publish(Addresses.FLEET_INSTANCES, new InstanceChange.Joined(view));
    }
    if (outcome.transition() != null) {
      record(outcome.transition());
    }
    if (outcome.changed()) {
      changed();
    }
  }

  private void onMembership(MembershipChange change) {
    switch (change.kind()) {
      case JOINED -> {
        // A member coming back after a split may route its publishes by tables from before it:
        // a registration made now reaches it as news, and its routes are read again.
        boolean returning = departures.nodeReturned(change.node());
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

  private void renewRegistrations() {
    if (clustered) {
      registrations.renew();
    }
  }

  private void joined(String peerNode) {
    if (liveNodes.add(peerNode) && !peerNode.equals(node) && own.isLoaded()) {
      peers.want(new Ask(peerNode, null));
      pulls.sendAsks();
    }
  }

  private void left(String peerNode) {
    if (liveNodes.remove(peerNode)) {
      departures.nodeLeft(peerNode);
    }
    List<PeerLedger.Gone> gone = peers.depart(peerNode);
    for (PeerLedger.Gone peer : gone) {
      LOG.info("peer {} on {} left the fleet view", peer.instance(), peer.host());
      FleetSnapshot.Departure departure = departures.instanceLeft(peer.instance(), peer.host(), clock.instant());
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
    Set<String> now = dropDeparted();
    for (String member : now) {
      if (!member.equals(node)) {
        joined(member);
        if (!peers.knows(member)) {
          peers.want(new Ask(member, null));
        }
      }
    }
    pulls.sendAsks();
  }

  /**
   * Drops the nodes Hazelcast's member list no longer has, event or not: an event can wait seconds
   * behind Vert.x's blocking clean-up on a shared Hazelcast event thread; the list never does.
   */
  private Set<String> dropDeparted() {
    Set<String> now = members.get();
    for (String gone : new ArrayList<>(liveNodes)) {
      if (!now.contains(gone)) {
        left(gone);
      }
    }
    return now;
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
    return new FleetSnapshot(List.copyOf(all), departures.missing(clock.instant()), history.head(), peers.repairing());
  }
}
