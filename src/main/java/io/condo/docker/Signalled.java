package io.condo.docker;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Containers somebody asked to stop ({@code docker stop}: TERM, or the image's INT or QUIT) and
 * that have not died or started since. A signal a process handles and lives on (HUP to reload,
 * USR1 to reopen logs) is not a stop; neither is {@code docker kill}'s KILL alone, which stands for
 * a crash (the KILL docker stop sends after its grace period follows a TERM already recorded); a
 * death long after the signal is a crash too. Bounded: a flood of kill events can only push out the
 * oldest, never grow the map.
 */
final class Signalled {

  private static final int MAX = 1024;
  /** SIGINT, SIGQUIT, SIGTERM: what {@code docker stop} sends first. */
  private static final Set<String> STOPPING = Set.of("2", "3", "15", "SIGINT", "SIGQUIT", "SIGTERM");
  /** A death this long after the signal is not its doing (docker stop waits 10 s by default). */
  static final long WITHIN_NANOS = 120_000_000_000L;

  private record Sent(String signal, long atNanos) {
  }

  private final Map<String, Sent> signals = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Sent> eldest) {
      return size() > MAX;
    }
  };

  /** A kill event: {@code atNanos} is Docker's own time of it. */
  void add(String id, String signal, long atNanos) {
    if (STOPPING.contains(signal)) {
      signals.put(id, new Sent(signal, atNanos));
    }
  }

  /** The stopping signal sent to {@code id} shortly before {@code atNanos}, or null; forgotten either way. */
  String forget(String id, long atNanos) {
    Sent sent = signals.remove(id);
    return sent != null && atNanos - sent.atNanos() <= WITHIN_NANOS ? sent.signal() : null;
  }
}
