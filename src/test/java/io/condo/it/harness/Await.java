package io.condo.it.harness;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.opentest4j.AssertionFailedError;

/**
 * Waits for a condition with a deadline, checking often; never a fixed sleep. Or shows that a
 * condition holds over a window ({@link #holdsFor}).
 */
public final class Await {

  private static final long POLL_MILLIS = 50;
  private static final long HOLD_POLL_MILLIS = 200;

  private Await() {
  }

  public static <T> T until(String what, Duration timeout, Supplier<T> probe, Predicate<T> done) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = null;
    RuntimeException lastError = null;
    while (true) {
      try {
        last = probe.get();
        lastError = null;
        if (done.test(last)) {
          return last;
        }
      } catch (RuntimeException e) {
        lastError = e;
      }
      if (System.nanoTime() > deadline) {
        AssertionFailedError failure = new AssertionFailedError("timed out after " + timeout.toSeconds()
            + " s waiting for " + what + "; last seen: " + last);
        if (lastError != null) {
          failure.addSuppressed(lastError);
        }
        throw failure;
      }
      pause();
    }
  }

  /** The next item of the queue that is wanted, skipping the others; fails after the timeout. */
  public static <T> T next(java.util.concurrent.BlockingQueue<T> queue, Predicate<T> wanted, String what, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      T item = queue.poll(Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
      if (item == null) {
        throw new AssertionFailedError("no " + what + " within " + timeout.toSeconds() + " s");
      }
      if (wanted.test(item)) {
        return item;
      }
    }
  }

  public static void until(String what, Duration timeout, Supplier<Boolean> condition) {
    until(what, timeout, condition, Boolean.TRUE::equals);
  }

  /**
   * That the condition holds for the whole window, looked at every {@value HOLD_POLL_MILLIS} ms;
   * fails at the first look where it does not. An absence (no churn, no Docker work, no crash)
   * can only be shown over a window: this is that window, named, not a sleep standing in for a wait.
   */
  public static void holdsFor(String what, Duration window, Supplier<Boolean> condition) {
    long end = System.nanoTime() + window.toNanos();
    while (true) {
      if (!Boolean.TRUE.equals(condition.get())) {
        throw new AssertionFailedError(what + " stopped holding "
            + (window.toNanos() - (end - System.nanoTime())) / 1_000_000 + " ms into its " + window.toMillis()
            + " ms window");
      }
      if (System.nanoTime() >= end) {
        return;
      }
      pause(Math.min(HOLD_POLL_MILLIS, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
    }
  }

  private static void pause() {
    pause(POLL_MILLIS);
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
