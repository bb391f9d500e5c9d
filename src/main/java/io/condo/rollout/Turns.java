package io.condo.rollout;

import io.condo.bus.RollClaim;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet's turns: one mechanism for every rollout, services' ({@code :rollout}) and Condo's own
 * self-deploy roll. Each host's turn is an entry in a cluster-wide map (Hazelcast's, through Vert.x
 * shared data; a map of this Condo alone when it is not clustered), sealed with the fleet's key
 * ({@link EntrySeal}), and claimed under a cluster-wide lock per subject, so two hosts never claim
 * the same subject's turn together. Whose turn it is, each rollout's own rule says.
 */
public final class Turns {

  private static final Logger LOG = LoggerFactory.getLogger(Turns.class);
  static final String MAP = "condo.turns";
  private static final String LOCK = "condo.turn.";
  private static final long LOCK_WAIT_MILLIS = 10_000;
  /**
   * A thousand hosts with a hundred services in rollout each: more is not this fleet's. Such a map
   * is not read in part (a turn left out would let too many hosts go): nothing is claimed until it
   * is back under the cap.
   */
  static final int MAX_ENTRIES = 100_000;
  static final String UNREADABLE = "waiting: the fleet's turns cannot be read (this host's log says why)";

  /**
   * How long one read of the map serves the first look of every claim: a host with fifty services
   * waiting reads it twice a second, not fifty times. A claim that looks like GO reads afresh under
   * the lock.
   */
  static final long LOOK_SHARED_NANOS = 500_000_000L;

  private final Vertx vertx;
  private final AsyncMap<String, String> map;
  private final EntrySeal seal;
  /** Why entries were refused, each said once (a handful of reasons), though the map is read every second. */
  private final Set<String> warned = new HashSet<>();
  /** The last read for first looks, and when it was asked; on one event loop only. */
  private Future<List<Turn>> look;
  private long lookAt;

  private Turns(Vertx vertx, AsyncMap<String, String> map, EntrySeal seal) {
    this.vertx = vertx;
    this.map = map;
    this.seal = seal;
  }

  /** @param key the fleet's key for the turns' seals, or null without a secret */
  public static Future<Turns> open(Vertx vertx, byte[] key) {
    return vertx.sharedData().<String, String>getAsyncMap(MAP)
        .map(map -> new Turns(vertx, map, new EntrySeal(key, "condo.turn/v1")));
  }

  /** Every turn the fleet sealed, of every subject; failed when the map holds more than any fleet writes. */
  public Future<List<Turn>> all() {
    return map.entries().compose(entries -> entries.size() > MAX_ENTRIES
        ? Future.failedFuture(new IllegalStateException("the fleet's turns hold " + entries.size()
            + " entries, more than the " + MAX_ENTRIES + " any fleet writes"))
        : Future.succeededFuture(trusted(entries)));
  }

  /** The subject's turns the fleet sealed. */
  public Future<List<Turn>> of(String subject) {
    return all().map(turns -> ofSubject(turns, subject));
  }

  private static List<Turn> ofSubject(List<Turn> turns, String subject) {
    return turns.stream().filter(t -> t.subject().equals(subject)).toList();
  }

  /**
   * Claims this host's turn for {@code turn}'s subject when {@code decide} says GO: asked once
   * without the lock, from a read shared by this host's claims (a host waiting for its turn asks
   * every second), then again under it, from a fresh read, where the turn is written before the
   * lock is given up.
   */
  public Future<RollClaim.Verdict> claim(String subject, Function<List<Turn>, Future<RollClaim.Verdict>> decide,
                                         Supplier<Turn> turn) {
    return firstLook(subject).compose(decide).compose(first -> first.kind() != RollClaim.Kind.GO
        ? Future.succeededFuture(first)
        : vertx.sharedData().getLockWithTimeout(LOCK + subject, LOCK_WAIT_MILLIS).compose(lock ->
            of(subject).compose(decide)
                .compose(verdict -> verdict.kind() != RollClaim.Kind.GO ? Future.succeededFuture(verdict)
                    : put(turn.get()).map(verdict))
                .onComplete(done -> lock.release())))
        .recover(this::unreadable);
  }

  /**
   * A map that cannot be read (a value Hazelcast cannot deserialize, more entries than the cap)
   * grants no turn. What went wrong is logged, once per kind, and never shown to the fleet: it may
   * quote what a stranger wrote.
   */
  private Future<RollClaim.Verdict> unreadable(Throwable e) {
    if (warned.size() < 64 && warned.add("unreadable " + e.getClass().getName())) {
      LOG.warn("the fleet's turns cannot be read: {}", e.getMessage());
    }
    return Future.succeededFuture(new RollClaim.Verdict(RollClaim.Kind.WAIT, UNREADABLE));
  }

  private Future<List<Turn>> firstLook(String subject) {
    long now = System.nanoTime();
    if (look == null || now - lookAt > LOOK_SHARED_NANOS) {
      look = all();
      lookAt = now;
    }
    return look.map(turns -> ofSubject(turns, subject));
  }

  /** This host's turn for the subject, or null; anything else standing under its key is removed. */
  public Future<Turn> own(String instance, String subject) {
    String key = Turn.keyOf(instance, subject);
    return map.get(key).compose(stored -> {
      if (stored == null) {
        return Future.succeededFuture();
      }
      Opened opened = open(key, stored);
      if (opened.turn() != null) {
        return Future.succeededFuture(opened.turn());
      }
      // Under this instance's key only this instance writes: whatever else stands there goes.
      LOG.warn("removed what stood under this host's key in the fleet's turns ({}): it was not this host's", subject);
      return map.remove(key).mapEmpty();
    });
  }

  public Future<Void> put(Turn turn) {
    look = null; // this host's own change is seen at its next look
    return map.put(turn.key(), seal.seal(turn.key(), turn.toText()));
  }

  public Future<Void> remove(String instance, String subject) {
    look = null;
    return map.remove(Turn.keyOf(instance, subject)).mapEmpty();
  }

  /** A turn that opened, or why what stood there is not one. */
  private record Opened(Turn turn, String why) {
  }

  private Opened open(Object key, Object stored) {
    EntrySeal.Opened sealed = seal.open(key, stored);
    if (sealed.text() == null) {
      return new Opened(null, sealed.why());
    }
    // A key that is not text never opens: the cast is reached only for one that is.
    Turn turn = Turn.parse((String) key, sealed.text());
    return new Opened(turn, turn == null ? "malformed" : null);
  }

  /** The entries sealed with the fleet's key; any other is ignored, and said once. */
  private List<Turn> trusted(Map<?, ?> entries) {
    List<Turn> trusted = new ArrayList<>();
    entries.forEach((key, stored) -> {
      Opened opened = open(key, stored);
      if (opened.turn() != null) {
        trusted.add(opened.turn());
      } else if (warned.add(opened.why())) {
        LOG.warn("ignored an entry of the fleet's turns ({}): only entries sealed with the fleet's key count",
            opened.why());
      }
    });
    return trusted;
  }
}
