package io.condo.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** For commands whose standard output is their answer (a plan, JSON): only warnings, on stderr. */
final class ToolLogging {

  private ToolLogging() {
  }

  static void quiet() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
      root.setLevel(Level.WARN);
      if (root.getAppender("OUT") instanceof ConsoleAppender<?> console) {
        console.stop();
        console.setTarget("System.err");
        console.start();
      }
    }
  }
}
