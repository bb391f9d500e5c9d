package io.condo.bus;

/**
 * Asks whether this host may replace itself with the {@code self.edn} whose body hash is
 * {@code target} now, and claims the fleet's turn when it may: in a fleet, hosts replace
 * themselves one at a time.
 */
public record RollClaim(String target) implements Request<RollClaim.Verdict> {

  public enum Kind {
    /** This host's turn: it is written down as handing over. */
    GO,
    /** Another host is handing over; ask again. */
    WAIT,
    /** The self-deploy failed on another host: the roll stops until that host's self.edn changes. */
    STOPPED
  }

  /** @param why for WAIT and STOPPED, what holds this host back, to show an operator; null for GO */
  public record Verdict(Kind kind, String why) {

    public static Verdict go() {
      return new Verdict(Kind.GO, null);
    }
  }

  /**
   * The hand-over helper is about to start: this host's turn is dated now, as its Condo leaves the
   * fleet (the pull before it takes as long as it takes). Answered once written.
   */
  public record HandingOver(String target) implements Request<Boolean> {
  }

  /** This host's part in the roll ended without its new Condo. Not answered. */
  public sealed interface Ended {
  }

  /** Its self-deploy to {@code target} failed: the roll stops there. */
  public record Failed(String target, String error) implements Ended {
  }

  /** It has nothing to deploy (no self.edn, or the one it runs): nothing of it holds the fleet back. */
  public record Withdrawn() implements Ended {
  }
}
