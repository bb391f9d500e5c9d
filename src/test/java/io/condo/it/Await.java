package io.condo.it;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.opentest4j.AssertionFailedError;

/** Waits for a condition with a deadline, checking often; never a fixed sleep. */
final class Await {

  private static final long POLL_MILLIS = 50;

  private Await() {
  }

  static <T> T until(String what, Duration timeout, Supplier<T> probe, Predicate<T> done) {
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

  static void until(String what, Duration timeout, Supplier<Boolean> condition) {
    until(what, timeout, condition, Boolean.TRUE::equals);
  }

  private static void pause() {
    try {
      Thread.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
