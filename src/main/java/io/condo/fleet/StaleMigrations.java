package io.condo.fleet;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which partitions have been marked "migrating" with no migration running for longer than any
 * real migration of Condo's few small maps takes. Pure: the caller says what it sees and when.
 */
final class StaleMigrations {

  private final long patienceMillis;
  private final Map<Integer, Long> orphanedSince = new HashMap<>();

  StaleMigrations(Duration patience) {
    this.patienceMillis = patience.toMillis();
  }

  /**
   * @param orphaned the partitions marked migrating now with no migration of theirs running
   * @return those of them that have been so, without a break, for the whole patience
   */
  Set<Integer> observe(Set<Integer> orphaned, long nowMillis) {
    orphanedSince.keySet().retainAll(orphaned);
    orphaned.forEach(partition -> orphanedSince.putIfAbsent(partition, nowMillis));
    return orphanedSince.entrySet().stream().filter(e -> nowMillis - e.getValue() >= patienceMillis)
        .map(Map.Entry::getKey).collect(Collectors.toUnmodifiableSet());
  }

  long patienceSeconds() {
    return patienceMillis / 1000;
  }

  void cleared(Set<Integer> partitions) {
    orphanedSince.keySet().removeAll(partitions);
  }
}
