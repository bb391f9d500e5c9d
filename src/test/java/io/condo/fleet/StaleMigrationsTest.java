package io.condo.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StaleMigrationsTest {

  final StaleMigrations stale = new StaleMigrations(Duration.ofSeconds(15));

  @Test
  void aFlagIsDueOnlyOnceItHasBeenOrphanedForTheWholePatience() {
    assertEquals(Set.of(), stale.observe(Set.of(3, 9), 0));
    assertEquals(Set.of(), stale.observe(Set.of(3, 9), 14_999));
    assertEquals(Set.of(3, 9), stale.observe(Set.of(3, 9), 15_000));
  }

  @Test
  void aBreakStartsThePatienceAgain() {
    stale.observe(Set.of(3), 0);
    stale.observe(Set.of(), 10_000);
    assertEquals(Set.of(), stale.observe(Set.of(3), 16_000), "a migration that came and went is not a wedge");
    assertEquals(Set.of(3), stale.observe(Set.of(3), 31_000));
  }

  @Test
  void clearedPartitionsAreWatchedFromScratch() {
    stale.observe(Set.of(3), 0);
    stale.cleared(stale.observe(Set.of(3), 15_000));
    assertEquals(Set.of(), stale.observe(Set.of(3), 16_000));
  }
}
