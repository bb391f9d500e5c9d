package io.condo.it.harness;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.opentest4j.AssertionFailedError;

/**
 * The tests' waits, named, on Awaitility: a condition awaited with a deadline, checked often in
 * the test's own thread; or shown to hold over a window ({@link #holdsFor}, Awaitility's
 * {@code during}). A timeout fails the test with what was awaited and what was last seen.
 */
public final class Await {

  private static final Duration POLL = Duration.ofMillis(50);
  private static final Duration HOLD_POLL = Duration.ofMillis(200);

  private Await() {
  }

  private static ConditionFactory await(String what, Duration timeout, Duration poll) {
    return Awaitility.await(what).atMost(timeout).pollDelay(Duration.ZERO).pollInterval(poll).pollInSameThread();
  }

  /** The probe's value once {@code done} accepts it; a probe that throws is looked at again. */
  public static <T> T until(String what, Duration timeout, Supplier<T> probe, Predicate<T> done) {
    AtomicReference<T> last = new AtomicReference<>();
    try {
      return await(what, timeout, POLL).ignoreExceptionsMatching(e -> e instanceof RuntimeException).until(() -> {
        T seen = probe.get();
        last.set(seen);
        return seen;
      }, done::test);
    } catch (ConditionTimeoutException e) {
      AssertionFailedError failure = new AssertionFailedError("timed out after " + timeout.toSeconds()
          + " s waiting for " + what + "; last seen: " + last.get());
      failure.addSuppressed(e);
      throw failure;
    }
  }

  public static void until(String what, Duration timeout, Supplier<Boolean> condition) {
    until(what, timeout, condition, Boolean.TRUE::equals);
  }

  /** The next item of the queue that is wanted, skipping the others; fails after the timeout. */
  public static <T> T next(BlockingQueue<T> queue, Predicate<T> wanted, String what, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      T item = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (item == null) {
        throw new AssertionFailedError("no " + what + " within " + timeout.toSeconds() + " s");
      }
      if (wanted.test(item)) {
        return item;
      }
    }
  }

  /**
   * That the condition holds for the whole window, looked at every 200 ms (Awaitility's
   * {@code during}); fails at the first look where it does not. An absence (no churn, no Docker
   * work, no crash) can only be shown over a window: this is that window, named, not a sleep
   * standing in for a wait.
   */
  public static void holdsFor(String what, Duration window, Supplier<Boolean> condition) {
    long start = System.nanoTime();
    // Room past the window for the looks themselves (each may ask Docker or HTTP): a look that
    // fails ends the wait at once, so the room never hides a failure.
    Duration room = window.plus(window).plusSeconds(5);
    try {
      await(what, room, HOLD_POLL).during(window)
          .failFast(what + " stopped holding", () -> !Boolean.TRUE.equals(condition.get()))
          .until(() -> true);
    } catch (TerminalFailureException e) {
      throw new AssertionFailedError(what + " stopped holding " + (System.nanoTime() - start) / 1_000_000
          + " ms into its " + window.toMillis() + " ms window");
    } catch (ConditionTimeoutException e) {
      throw new AssertionFailedError(what + ": its looks were too slow to cover its " + window.toMillis()
          + " ms window within " + room.toMillis() + " ms");
    }
  }
}
