package io.condo.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RestartsTest {

  static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");

  @Test
  void theCrashLoopBackoffDoublesFromOneSecondToFiveMinutesWithinTenPercent() {
    long[] expectedSeconds = {1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300};
    for (int inRow = 1; inRow <= expectedSeconds.length; inRow++) {
      for (int draw = 0; draw < 50; draw++) {
        long millis = Duration.between(NOW, new Restarts(inRow, inRow).retryAt(NOW, UUID.randomUUID().toString())).toMillis();
        long base = expectedSeconds[inRow - 1] * 1000;
        assertTrue(millis >= base * 0.9 && millis <= base * 1.1, inRow + " in a row: " + millis + " ms");
      }
    }
  }

  @Test
  void crashesCountAndOnlyACalmRunStartsTheBackoffAgain() {
    Restarts two = new Restarts(2, 2);
    assertEquals(new Restarts(3, 3), two.afterCrash(NOW.minusSeconds(5), NOW));
    assertEquals(new Restarts(3, 3), two.afterCrash(NOW.minus(Restarts.CALM).plusMillis(1), NOW));
    assertEquals(new Restarts(3, 1), two.afterCrash(NOW.minus(Restarts.CALM), NOW));
    assertEquals(new Restarts(1, 1), Restarts.NONE.afterCrash(null, NOW));
  }
}
