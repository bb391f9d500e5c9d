package io.condo.fleet;

import java.util.concurrent.ThreadLocalRandom;

/**
 * How often an instance sends its beacon: every {@code max(10 s, (members − 1) / 2 s)}, ±10 %
 * jitter. Each beacon goes to every other member, so a host receives at most 2 beacons a second
 * (and sends the same number of bytes) whatever the fleet's size; a small fleet never beacons more
 * often than every 10 s. A beacon only repairs a loss the cluster did not report, which is rare:
 * joins, merges and departures are acted on when Hazelcast reports them.
 */
final class Beacons {

  static final long MIN_INTERVAL_MILLIS = 10_000;
  /** Beacons a host receives per second, at most. */
  static final double RECEIVED_PER_SECOND = 2;

  private Beacons() {
  }

  static long intervalMillis(int members) {
    long spread = (long) Math.ceil(Math.max(0, members - 1) / RECEIVED_PER_SECOND * 1000);
    return Math.max(MIN_INTERVAL_MILLIS, spread);
  }

  /** The next delay: the interval with ±10 % jitter, so members do not beacon in step. */
  static long nextDelayMillis(int members) {
    long interval = intervalMillis(members);
    return interval + (long) (interval * 0.1 * (ThreadLocalRandom.current().nextDouble() * 2 - 1));
  }
}
