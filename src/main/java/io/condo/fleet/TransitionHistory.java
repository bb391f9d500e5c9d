package io.condo.fleet;

import io.condo.bus.HistoryQuery;
import io.condo.bus.TransitionEvent;
import io.condo.bus.FleetTransition;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The transitions this instance has seen, its own and its peers', in the order it saw them (which
 * is each instance's own order), the last {@code capacity} of them. Each gets a cursor
 * {@code <run>-<n>}: {@code run} is drawn when this history starts, so a cursor from before a
 * restart, or from another instance, is recognised as foreign instead of silently misread.
 */
final class TransitionHistory {

  private static final Pattern CURSOR = Pattern.compile("([0-9a-f]{8})-(\\d{1,18})");

  private final int capacity;
  private final String run;
  private final ArrayDeque<FleetTransition> kept = new ArrayDeque<>();
  private long last;

  TransitionHistory(int capacity) {
    this(capacity, newRun());
  }

  TransitionHistory(int capacity, String run) {
    this.capacity = capacity;
    this.run = run;
  }

  private static String newRun() {
    byte[] random = new byte[4];
    new SecureRandom().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }

  FleetTransition append(TransitionEvent event) {
    FleetTransition stamped = new FleetTransition(cursor(++last), event);
    kept.addLast(stamped);
    if (kept.size() > capacity) {
      kept.removeFirst();
    }
    return stamped;
  }

  /** The cursor of the newest transition: "nothing after this yet". */
  /** A reader's question: what came after its cursor, or that it must start over (its cursor is gone). */
  HistoryQuery.Answer answer(HistoryQuery query) {
    if (query.since() == null) {
      return new HistoryQuery.Answer(false, List.of(), head());
    }
    return after(query.since())
        .map(after -> new HistoryQuery.Answer(false, after, head()))
        .orElseGet(() -> new HistoryQuery.Answer(true, List.of(), head()));
  }

  String head() {
    return cursor(last);
  }

  /**
   * Every transition after the cursor, oldest first; empty when the cursor cannot be continued
   * exactly (another run, older than what is kept, or ahead of it): the reader must start over.
   */
  Optional<List<FleetTransition>> after(String cursor) {
    long n = position(cursor);
    long oldestKept = kept.isEmpty() ? last + 1 : position(kept.getFirst().cursor());
    if (n < 0 || n > last || n < oldestKept - 1) {
      return Optional.empty();
    }
    List<FleetTransition> after = new ArrayList<>();
    for (FleetTransition t : kept) {
      if (position(t.cursor()) > n) {
        after.add(t);
      }
    }
    return Optional.of(after);
  }

  /** The number of a cursor of this run, or -1 for a malformed or foreign one. */
  long position(String cursor) {
    Matcher m = cursor == null ? null : CURSOR.matcher(cursor);
    return m != null && m.matches() && m.group(1).equals(run) ? FleetTransition.number(cursor) : -1;
  }

  static boolean isWellFormed(String cursor) {
    return cursor != null && CURSOR.matcher(cursor).matches();
  }

  private String cursor(long n) {
    return FleetTransition.cursor(run, n);
  }
}
