package io.condo.fsm;

import java.time.Duration;

/** Retry delays: 1 s doubling per consecutive failure, capped at one minute. */
public final class Backoff {

  public static final Duration FIRST = Duration.ofSeconds(1);
  public static final Duration CAP = Duration.ofSeconds(60);

  private Backoff() {
  }

  /** The delay before attempt number {@code failures + 1}, after {@code failures} (>= 1) failures. */
  public static Duration afterFailures(int failures) {
    int doublings = Math.max(0, Math.min(failures - 1, 6));
    Duration delay = FIRST.multipliedBy(1L << doublings);
    return delay.compareTo(CAP) > 0 ? CAP : delay;
  }
}
