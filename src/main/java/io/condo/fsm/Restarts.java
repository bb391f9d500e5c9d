package io.condo.fsm;

import java.time.Duration;
import java.time.Instant;

/**
 * How often a service's container was replaced without its spec changing: {@code count} since the
 * spec last changed (what people see), {@code inRow} since it last ran calmly (what the crash-loop
 * back-off doubles on).
 */
public record Restarts(int count, int inRow) {

  public static final Restarts NONE = new Restarts(0, 0);

  /** Stable this long and the next crash waits the shortest time again, as Kubernetes does. */
  public static final Duration CALM = Duration.ofMinutes(10);

  /** One more replacement of a container that had been Stable since {@code stableSince}. */
  Restarts afterCrash(Instant stableSince, Instant now) {
    boolean calm = stableSince != null && !now.isBefore(stableSince.plus(CALM));
    return new Restarts(count + 1, (calm ? 0 : inRow) + 1);
  }

  /**
   * When the replacement runs: the crash-loop back-off for this many crashes in a row, ±10 % so a
   * fleet whose containers crash together does not restart them in lockstep. The spread is drawn
   * from {@code seed} (a fresh random key), which keeps the state machine a pure function.
   */
  Instant retryAt(Instant now, String seed) {
    Duration delay = Backoff.CRASH_LOOP.afterFailures(Math.max(1, inRow));
    double spread = Math.floorMod(seed.hashCode(), 1001) / 1000.0;
    return now.plusMillis(Math.round(delay.toMillis() * (0.9 + 0.2 * spread)));
  }
}
