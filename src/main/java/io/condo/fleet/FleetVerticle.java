package io.condo.fleet;

import io.vertx.core.json.JsonObject;
import io.condo.view.StateJson;
import io.condo.bus.SelfStatus;
import io.condo.bus.SelfQuery;
import io.condo.bus.Requests;
import io.condo.view.TransitionEvents;
import io.condo.bus.TransitionEvent;
import io.condo.bus.InstanceView;
import io.condo.bus.InstanceChange;
import io.condo.bus.HistoryQuery;
import io.condo.bus.MembershipChange;
import io.condo.bus.FleetSnapshot;
import io.condo.bus.FleetQuery;
import io.condo.bus.Addresses;
import io.condo.view.ServicesJson;
import io.condo.bus.ServiceTransition;
import io.condo.bus.StateQuery;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet's state as this instance knows it. Every transition of this instance is published at
 * once to every peer; peers' states arrive the same way. A peer leaves the view the moment
 * Hazelcast says its node left; a newcomer says hello and everyone re-publishes to it. Standalone
 * (not clustered) the fleet is this instance alone.
 */
public final class FleetVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(FleetVerticle.class);
  static final long REPUBLISH_MILLIS = 5_000;
  /** How long an instance that left is still named as missing, if it never comes back. */
  private static final Duration DEPARTED_KEPT = Duration.ofHours(24);

  private final String node;
  private final boolean clustered;
  private final Set<String> liveNodes;
  private final ServicesJson own = new ServicesJson();
  /** This Condo as /v1/state\'s "self" shows it. */
  private JsonObject ownSelf;
  private final Map<String, InstanceView> peers = new HashMap<>();
  /** How far each peer instance has got, in the run of its node that sent it; gone when the node goes. */
  private final Map<String, Progress> progress = new HashMap<>();
  private final int instancesPerNode;
  /** Refusals said once each (bounded), not at every message. */
  private final Set<String> refused = java.util.Collections.newSetFromMap(new java.util.LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > 256;
    }
  });
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

  /** Where a peer instance's messages come from, and the last sequence number taken from there. */
  private record Progress(String node, String epoch, long seq) {
  }

  /**
   * @param node this node's cluster id, or null when standalone
   * @param liveNodes the cluster's members when this verticle starts
   * @param instancesPerNode how many instances one node may speak for (a Condo is one)
   */
  public FleetVerticle(String node, Set<String> liveNodes, int instancesPerNode) {
    this.node = node != null ? node : "local";
    this.clustered = node != null;
    this.liveNodes = new HashSet<>(liveNodes);
    this.instancesPerNode = instancesPerNode;
  }

  @Override
  public Future<?> start() {
    var bus = vertx.eventBus();
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
    }
    return Future.all(listening)
        .compose(v -> Requests.ask(bus, Addresses.SELF_QUERY, new SelfQuery()))
        .compose(self -> {
          ownSelf = StateJson.self(self);
          return Requests.ask(bus, Addresses.STATE_QUERY, new StateQuery());
        })
        .onSuccess(state -> {
          own.load(state);
          if (clustered) {
            publishOwn(null);
            bus.publish(Addresses.FLEET_STATE, PeerMessages.hello(own.instanceId(), node));
            // Transitions are pushed at once; this only repairs a message lost while a member's
            // registrations were being restored after a merge.
            vertx.setPeriodic(REPUBLISH_MILLIS, id -> publishOwn(null));
          }
        });
  }

  private void onSelf(SelfStatus self) {
    ownSelf = StateJson.self(self);
    publishOwn(null);
    changed();
  }

  private void onTransition(ServiceTransition transition) {
    own.apply(transition);
    TransitionEvent event = own.isLoaded()
        ? TransitionEvents.of(own.instanceId() + "." + run + "." + ++transitions, own.host(), transition) : null;
    publishOwn(event);
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
      return; // not started yet; the hello this instance sends once started brings everyone's state
    }
    if (PeerMessages.isHello(body)) {
      publishOwn(null);
      return;
    }
    InstanceView view = PeerMessages.readState(body);
    if (view == null) {
      LOG.debug("dropped a malformed fleet message");
      return;
    }
    if (view.instance().equals(own.instanceId()) && view.node().equals(node) || !liveNodes.contains(view.node())) {
      return;
    }
    if (sender != null && !sender.equals(view.node())) {
      refuse("node " + sender + " sent a message in the name of node " + view.node());
      return;
    }
    InstanceView before = peers.get(view.instance());
    if (before != null && !before.node().equals(view.node()) && liveNodes.contains(before.node())) {
      refuse("node " + view.node() + " spoke for instance " + view.instance() + ", which node " + before.node()
          + " announced");
      return;
    }
    if (before == null && peers.values().stream().filter(p -> p.node().equals(view.node())).count() >= instancesPerNode) {
      refuse("node " + view.node() + " announced more instances than " + instancesPerNode);
      return;
    }
    long messageSeq = PeerMessages.seq(body);
    String epoch = PeerMessages.epoch(body);
    Progress last = progress.get(view.instance());
    if (last != null && last.node().equals(view.node()) && last.epoch().equals(epoch) && last.seq() >= messageSeq) {
      return;
    }
    boolean same = before != null && before.node().equals(view.node()) && before.sameAs(view);
    peers.put(view.instance(), view);
    if (before == null) {
      LOG.info("peer {} on {} joined the fleet view", view.instance(), view.host());
      departed.remove(view.instance());
      vertx.eventBus().publish(Addresses.FLEET_INSTANCES, new InstanceChange.Joined(view));
    }
    progress.put(view.instance(), new Progress(view.node(), epoch, messageSeq));
    TransitionEvent transition = PeerMessages.transition(body, view);
    if (transition != null) {
      record(transition);
    }
    if (!same) {
      changed();
    }
  }

  private void refuse(String what) {
    if (refused.add(what)) {
      LOG.warn("refused a fleet message: {}", what);
    }
  }

  private void onMembership(MembershipChange change) {
    if (change.joined()) {
      // A newcomer says hello once it listens; a member merged back after a partition does not,
      // so greet it: both sides then publish their state.
      liveNodes.add(change.node());
      publishOwn(null);
      vertx.eventBus().publish(Addresses.FLEET_STATE, PeerMessages.hello(own.instanceId(), node));
      return;
    }
    liveNodes.remove(change.node());
    progress.values().removeIf(p -> p.node().equals(change.node()));
    boolean removed = peers.values().removeIf(peer -> {
      if (peer.node().equals(change.node())) {
        LOG.info("peer {} on {} left the fleet view", peer.instance(), peer.host());
        FleetSnapshot.Departure departure = new FleetSnapshot.Departure(peer.instance(), peer.host(), Instant.now());
        departed.put(peer.instance(), departure);
        vertx.eventBus().publish(Addresses.FLEET_INSTANCES, new InstanceChange.Departed(departure));
        return true;
      }
      return false;
    });
    if (removed) {
      changed();
    }
  }

  /** @param transition the transition that made this state, or null for a re-publish */
  private void publishOwn(TransitionEvent transition) {
    if (clustered && own.isLoaded()) {
      vertx.eventBus().publish(Addresses.FLEET_STATE,
          PeerMessages.state(own.instanceId(), own.host(), node, run, ++seq, own.toJson(), ownSelf, transition));
    }
  }

  private void changed() {
    vertx.eventBus().publish(Addresses.FLEET_CHANGES, snapshot());
  }

  private FleetSnapshot snapshot() {
    List<InstanceView> all = new ArrayList<>();
    all.add(new InstanceView(own.instanceId(), own.host(), node, own.toJson(), ownSelf));
    peers.values().stream().sorted(Comparator.comparing(InstanceView::host).thenComparing(InstanceView::instance))
        .forEach(all::add);
    Instant forgotten = Instant.now().minus(DEPARTED_KEPT);
    departed.values().removeIf(d -> d.leftAt().isBefore(forgotten));
    List<FleetSnapshot.Departure> missing = departed.values().stream()
        .sorted(Comparator.comparing(FleetSnapshot.Departure::host).thenComparing(FleetSnapshot.Departure::instance))
        .toList();
    return new FleetSnapshot(List.copyOf(all), missing, history.head());
  }
}
