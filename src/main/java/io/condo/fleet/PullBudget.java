package io.condo.fleet;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How many pulls this instance answers each asking node: a burst of {@link #BURST}, then
 * {@link #PER_SECOND} a second. A peer needs two after a join or a merge (the roster, then the
 * snapshot) and one per gap; a member asking more is refused, not served at the cost of the event
 * loop. Bounded: the nodes heard from last are remembered, at most {@link #NODES}.
 */
final class PullBudget {

  static final int BURST = 8;
  static final double PER_SECOND = 2;
  static final int NODES = 1024;

  private record Bucket(double tokens, long atNanos) {
  }

  private final Map<String, Bucket> buckets = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
      return size() > NODES;
    }
  };

  /** Whether a pull from the node may be answered at {@code nowNanos}; takes one from its budget. */
  boolean take(String node, long nowNanos) {
    Bucket bucket = buckets.get(node);
    double tokens = bucket == null ? BURST
        : Math.min(BURST, bucket.tokens() + (nowNanos - bucket.atNanos()) / 1e9 * PER_SECOND);
    if (tokens < 1) {
      buckets.put(node, new Bucket(tokens, nowNanos));
      return false;
    }
    buckets.put(node, new Bucket(tokens - 1, nowNanos));
    return true;
  }
}
