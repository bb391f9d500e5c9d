package io.condo.it.harness;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * When a test runs past its time limit (failsafe's junit.jupiter.execution.timeout.default), prints
 * every thread of the test JVM before the failure is reported: a hang in CI is then read from the
 * log, not guessed at. Any other failure passes through untouched.
 */
public final class HangReport implements TestExecutionExceptionHandler {

  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
    if (isTimeout(thrown)) {
      StringBuilder dump = new StringBuilder("\n=== " + context.getDisplayName() + " ran out of time; every thread:\n");
      for (ThreadInfo thread : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
        dump.append(describe(thread));
      }
      System.err.println(dump);
    }
    throw thrown;
  }

  private static boolean isTimeout(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException || String.valueOf(t.getMessage()).contains("timed out after")) {
        return true;
      }
    }
    return false;
  }

  /** ThreadInfo's own toString stops at eight frames; a hang is usually deeper. */
  private static String describe(ThreadInfo thread) {
    StringBuilder text = new StringBuilder("\"" + thread.getThreadName() + "\" " + thread.getThreadState());
    if (thread.getLockName() != null) {
      text.append(" on ").append(thread.getLockName());
    }
    text.append('\n');
    for (StackTraceElement frame : thread.getStackTrace()) {
      text.append("    at ").append(frame).append('\n');
    }
    return text.append('\n').toString();
  }
}
