package io.condo.fleet;

import io.condo.bus.InstanceView;
import io.condo.bus.TransitionEvent;
import io.condo.fleet.PeerMessages.Beacon;
import io.condo.fleet.PeerMessages.Origin;
import io.condo.fleet.PeerMessages.Update;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * This instance's copy of every peer instance, and the rules that keep each copy exact: a delta
 * that continues the sender's sequence is applied; one from a new run (epoch), across a gap, or a
 * beacon whose digest differs from the copy's, makes the copy inexact and asks for a snapshot of
 * that instance, point to point; a snapshot replaces the copy whole. Duplicates and older messages
 * change nothing. Pure: the verticle sends the asks and hands in the answers.
 */
final class PeerLedger {

  /** An ask not answered in this long is asked again, then at twice the interval each time, up to 16 times it. */
  static final Duration ASK_AGAIN = Duration.ofSeconds(3);
  private static final int MAX_DOUBLINGS = 4;

  /** When an ask was last sent, and how many times it has been. */
  private record Sent(Instant at, int times) {
  }

  /** What to ask a node: its roster (instance null) or one instance's snapshot. */
  record Ask(String node, String instance) {
  }

  /** What a message changed: the view (and a newly seen instance), and the transition to record. */
  record Outcome(boolean changed, InstanceView joined, TransitionEvent transition) {
    static final Outcome NOTHING = new Outcome(false, null, null);
  }

  /** A copy that left with its node. */
  record Gone(String instance, String host) {
  }

  private static final class Copy {
    private final String instance;
    private String host;
    private String node;
    private String epoch;
    private long seq;
    private final TreeMap<String, JsonObject> services = new TreeMap<>();
    private final TreeMap<String, String> digests = new TreeMap<>();
    private JsonObject self;
    private String selfDigest = ViewDigest.ofRecord(null);
    private boolean exact = true;

    private Copy(String instance) {
      this.instance = instance;
    }

    private boolean sameRun(Origin origin) {
      return node.equals(origin.node()) && epoch.equals(origin.epoch());
    }

    private String digest() {
      return ViewDigest.ofTable(digests, selfDigest);
    }

    private InstanceView view() {
      JsonObject table = new JsonObject();
      services.forEach(table::put);
      return new InstanceView(instance, host, node, table, self);
    }
  }

  private final Map<String, Copy> copies = new HashMap<>();
  /** Outstanding asks, and when each was last sent (null: not yet). */
  private final Map<Ask, Sent> asks = new LinkedHashMap<>();

  Outcome delta(Update delta) {
    Origin origin = delta.origin();
    Copy copy = copies.get(origin.instance());
    if (copy == null) {
      // Nothing to apply it to: the snapshot brings the state, the transition is real now.
      want(new Ask(origin.node(), origin.instance()));
      return new Outcome(false, null, delta.transition());
    }
    if (copy.sameRun(origin) && origin.seq() <= copy.seq) {
      return Outcome.NOTHING; // a duplicate, or older than what the copy has
    }
    boolean continues = copy.sameRun(origin) && origin.seq() == copy.seq + 1;
    InstanceView before = copy.view();
    take(copy, delta, origin);
    if (!continues) {
      copy.exact = false;
      want(new Ask(origin.node(), origin.instance()));
    }
    return new Outcome(!before.sameAs(copy.view()), null, delta.transition());
  }

  void beacon(Beacon beacon) {
    Origin origin = beacon.origin();
    Copy copy = copies.get(origin.instance());
    if (copy == null) {
      want(new Ask(origin.node(), origin.instance()));
      return;
    }
    boolean behind = !copy.sameRun(origin) || origin.seq() > copy.seq;
    boolean differs = copy.sameRun(origin) && origin.seq() == copy.seq && !beacon.digest().equals(copy.digest());
    if (behind || differs) {
      copy.exact = false;
      want(new Ask(origin.node(), origin.instance()));
    }
  }

  /** A snapshot answering {@code ask}; one older than the copy already is changes nothing (and the ask stays). */
  Outcome snapshot(Ask ask, Update snapshot) {
    Origin origin = snapshot.origin();
    if (!snapshot.snapshot() || !origin.instance().equals(ask.instance()) || !origin.node().equals(ask.node())) {
      return Outcome.NOTHING;
    }
    Copy copy = copies.get(origin.instance());
    if (copy != null && copy.sameRun(origin) && origin.seq() < copy.seq) {
      return Outcome.NOTHING;
    }
    boolean isNew = copy == null;
    InstanceView before = isNew ? null : copy.view();
    if (isNew) {
      copy = new Copy(origin.instance());
      copies.put(origin.instance(), copy);
    }
    copy.services.clear();
    copy.digests.clear();
    take(copy, snapshot, origin);
    copy.exact = true;
    asks.remove(ask);
    InstanceView after = copy.view();
    return new Outcome(isNew || !before.sameAs(after), isNew ? after : null, null);
  }

  private static void take(Copy copy, Update update, Origin origin) {
    copy.node = origin.node();
    copy.epoch = origin.epoch();
    copy.seq = origin.seq();
    copy.host = origin.host();
    update.digests().forEach((name, digest) -> {
      JsonObject record = update.records().get(name);
      if (digest == null) {
        copy.digests.remove(name);
      } else {
        copy.digests.put(name, digest);
      }
      if (record == null) {
        copy.services.remove(name);
      } else {
        copy.services.put(name, record);
      }
    });
    if (update.carriesSelf()) {
      copy.self = update.self();
      copy.selfDigest = ViewDigest.ofRecord(update.self());
    }
  }

  void want(Ask ask) {
    asks.putIfAbsent(ask, null);
  }

  /**
   * The asks to send now: never sent, or unanswered for {@link #ASK_AGAIN} doubled at each try
   * (up to 16 times it); marked as sent at {@code now}.
   */
  List<Ask> due(Instant now) {
    List<Ask> due = new ArrayList<>();
    for (Map.Entry<Ask, Sent> ask : asks.entrySet()) {
      Sent sent = ask.getValue();
      if (sent == null
          || !sent.at().plus(ASK_AGAIN.multipliedBy(1L << Math.min(sent.times() - 1, MAX_DOUBLINGS))).isAfter(now)) {
        ask.setValue(new Sent(now, sent == null ? 1 : sent.times() + 1));
        due.add(ask.getKey());
      }
    }
    return due;
  }

  /** The ask was answered (a roster): not asked again. */
  void settled(Ask ask) {
    asks.remove(ask);
  }

  /** Every copy of the node's instances leaves, and nothing more is asked of it. */
  List<Gone> depart(String node) {
    asks.keySet().removeIf(ask -> ask.node().equals(node));
    List<Gone> gone = new ArrayList<>();
    copies.values().removeIf(copy -> {
      if (copy.node.equals(node)) {
        gone.add(new Gone(copy.instance, copy.host));
        return true;
      }
      return false;
    });
    return gone;
  }

  /** The node an instance's copy came from, or null when there is no copy. */
  String nodeOf(String instance) {
    Copy copy = copies.get(instance);
    return copy == null ? null : copy.node;
  }

  long instancesOn(String node) {
    return copies.values().stream().filter(c -> c.node.equals(node)).count();
  }

  /**
   * The instances known to exist whose copy is stale or missing, while they are asked for a
   * snapshot: no view with one may be taken as the fleet's word. A member whose roster has not
   * come is not one: nothing says it has an instance (it may not be a Condo).
   */
  List<String> repairing() {
    List<String> names = new ArrayList<>();
    copies.values().stream().filter(c -> !c.exact).forEach(c -> names.add(c.host));
    asks.keySet().stream().filter(a -> a.instance() != null && !copies.containsKey(a.instance()))
        .forEach(a -> names.add("instance " + a.instance()));
    return names.stream().distinct().sorted().toList();
  }

  List<InstanceView> views() {
    return copies.values().stream().map(Copy::view).toList();
  }

  /** Whether a node is known to speak for an instance (a copy, or an ask for one). */
  boolean knows(String node) {
    return copies.values().stream().anyMatch(c -> c.node.equals(node))
        || asks.keySet().stream().anyMatch(a -> a.node().equals(node));
  }
}
