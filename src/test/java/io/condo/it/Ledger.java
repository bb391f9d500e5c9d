package io.condo.it;

import java.util.ArrayList;
import java.util.List;

/**
 * What one fault-injection scenario did: faults injected, checks made, and every check that
 * failed (a violation), each with what was expected and what was seen. Checks never throw, so a
 * run reports all its violations, not the first.
 */
final class Ledger {

  private final String scenario;
  private int faults;
  private int checks;
  private final List<String> violations = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  Ledger(String scenario) {
    this.scenario = scenario;
  }

  String scenario() {
    return scenario;
  }

  void fault() {
    faults++;
  }

  /** Counts a check; a false one is a violation described by {@code what}. */
  boolean check(boolean ok, String what) {
    checks++;
    if (!ok) {
      violations.add(what);
      System.err.println("VIOLATION [" + scenario + "] " + what);
    }
    return ok;
  }

  /**
   * Counts one check: that the wait comes to its end (it throws {@link AssertionError} when its
   * bound passes first). A violation is {@code violation}, then what the wait saw last.
   */
  boolean checkAwaited(String violation, Runnable await) {
    String seen = null;
    try {
      await.run();
    } catch (AssertionError e) {
      seen = e.getMessage();
    }
    return check(seen == null, violation + ": " + seen);
  }

  boolean checkEquals(Object expected, Object actual, String what) {
    return check(java.util.Objects.equals(expected, actual), what + ": expected " + expected + ", saw " + actual);
  }

  /** A measured figure the row reports, such as a latency. */
  void note(String note) {
    notes.add(note);
  }

  int faults() {
    return faults;
  }

  int checks() {
    return checks;
  }

  List<String> violations() {
    return List.copyOf(violations);
  }

  String notes() {
    return String.join("; ", notes);
  }
}
