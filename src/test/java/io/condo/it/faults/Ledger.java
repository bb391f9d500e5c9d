package io.condo.it.faults;

import java.util.ArrayList;
import java.util.List;

/**
 * What one fault-injection scenario did: faults injected, checks made, and every check that
 * failed (a violation), each with what was expected and what was seen. Checks never throw, so a
 * run reports all its violations, not the first.
 */
public final class Ledger {

  private final String scenario;
  private int faults;
  private int checks;
  private final List<String> violations = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  public Ledger(String scenario) {
    this.scenario = scenario;
  }

  public String scenario() {
    return scenario;
  }

  public void fault() {
    faults++;
  }

  /** Counts a check; a false one is a violation described by {@code what}. */
  public boolean check(boolean ok, String what) {
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
  public boolean checkAwaited(String violation, Runnable await) {
    String seen = null;
    try {
      await.run();
    } catch (AssertionError e) {
      seen = e.getMessage();
    }
    return check(seen == null, violation + ": " + seen);
  }

  public boolean checkEquals(Object expected, Object actual, String what) {
    return check(java.util.Objects.equals(expected, actual), what + ": expected " + expected + ", saw " + actual);
  }

  /** A measured figure the row reports, such as a latency. */
  public void note(String note) {
    notes.add(note);
  }

  public int faults() {
    return faults;
  }

  public int checks() {
    return checks;
  }

  public List<String> violations() {
    return List.copyOf(violations);
  }

  public String notes() {
    return String.join("; ", notes);
  }
}
