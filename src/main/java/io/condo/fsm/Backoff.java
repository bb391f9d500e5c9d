package io.condo.fsm;

import java.time.Duration;

/**
 * The one way Condo waits before trying again: {@code first} after the first failure, doubling
 * with each failure in a row, never more than {@code cap}. Every loop that retries names its
 * policy here, so how patient Condo is can be read in one place.
 */
public record Backoff(Duration first, Duration cap) {

  /** A deploy that failed (create, start, health): 1 s doubling to a minute. */
  public static final Backoff DEPLOY = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));
  /**
   * A Stable container that exits (or is lost) and no restart policy brings back: 1 s doubling to
   * 5 minutes, with the crash loop counted across the restarts (SPEC §2a).
   */
  public static final Backoff CRASH_LOOP = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5));
  /** A state file that cannot be written: soon, as Docker work waits for it. */
  public static final Backoff STATE_WRITE = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(10));
  /** Docker's event stream lost: at once at first, as a missed event could leave a dead container Stable. */
  public static final Backoff DOCKER_EVENTS = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
  /** Docker not answering at start: asked every second, so Condo is up the moment Docker is. */
  public static final Backoff DOCKER_AT_START = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1));
  /** A leftover container not removed, an inspect not answered once Docker came back: another look in 5 s. */
  public static final Backoff LEFTOVERS = new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(5));
  /** A webhook receiver that refuses or does not answer: 1 s doubling to 5 minutes (for up to 24 h an event). */
  public static final Backoff WEBHOOK = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5));
  /** Consul not answering. */
  public static final Backoff CONSUL = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

  /** The delay before attempt number {@code failures + 1}, after {@code failures} (>= 1) failures. */
  public Duration afterFailures(int failures) {
    Duration delay = first;
    for (int i = 1; i < failures && delay.compareTo(cap) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(cap) > 0 ? cap : delay;
  }

  /** A loop's count of failures in a row under this policy. */
  public Retries retries() {
    return new Retries(this);
  }

  /** Failures in a row; not thread-safe (one loop, one thread). */
  public static final class Retries {
    private final Backoff policy;
    private int failures;

    private Retries(Backoff policy) {
      this.policy = policy;
    }

    /** One more failure: how long to wait before the next try. */
    public Duration failed() {
      return policy.afterFailures(++failures);
    }

    /** It worked: the next failure waits the shortest time again. */
    public void succeeded() {
      failures = 0;
    }
  }
}
