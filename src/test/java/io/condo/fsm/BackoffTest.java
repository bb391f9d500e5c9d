package io.condo.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {

  static List<Long> millis(Backoff policy, int failures) {
    return IntStream.rangeClosed(1, failures).mapToObj(n -> policy.afterFailures(n).toMillis()).toList();
  }

  @Test
  void eachPolicyDoublesFromItsFirstDelayToItsCap() {
    assertEquals(List.of(1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 32_000L, 60_000L, 60_000L), millis(Backoff.DEPLOY, 8));
    assertEquals(List.of(500L, 1_000L, 2_000L, 4_000L, 8_000L, 10_000L), millis(Backoff.STATE_WRITE, 6));
    assertEquals(List.of(100L, 200L, 400L, 800L, 1_600L, 3_200L, 5_000L), millis(Backoff.DOCKER_EVENTS, 7));
    assertEquals(List.of(1_000L, 1_000L), millis(Backoff.DOCKER_AT_START, 2));
    assertEquals(List.of(5_000L, 5_000L), millis(Backoff.LEFTOVERS, 2));
    assertEquals(Duration.ofSeconds(60), Backoff.DEPLOY.afterFailures(Integer.MAX_VALUE), "no overflow");
  }

  @Test
  void aSuccessStartsTheNextOutageAtTheShortestDelay() {
    Backoff.Retries retries = Backoff.STATE_WRITE.retries();
    assertEquals(List.of(500L, 1_000L, 2_000L), List.of(retries.failed().toMillis(), retries.failed().toMillis(),
        retries.failed().toMillis()));
    retries.succeeded();
    assertEquals(500L, retries.failed().toMillis());
  }
}
