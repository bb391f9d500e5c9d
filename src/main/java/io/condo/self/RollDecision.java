package io.condo.self;

import io.condo.bus.RollClaim;
import io.condo.rollout.RolloutDecision;
import io.condo.rollout.Turn;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Whether this host may replace itself now, from what the fleet shares. Pure. One host at a time:
 * another host's hand-over holds everyone back until its new Condo, started from the body it was
 * handing over to, has been found healthy and clears the host's entry (Docker's health check, as the
 * hand-over helper reads it: being in the fleet view alone is not yet healthy). A host whose self-deploy
 * failed stops the roll, so a bad {@code self.edn} breaks one host, not all, until that host's
 * self.edn changes (each host's body is its own: a template renders one per host, so the bodies,
 * and their hashes, differ from host to host). A host gone from the view is handing over; past the
 * hand-over's time limit it has departed and its turn is given back. Nothing is decided from a view
 * known to miss part of the fleet.
 */
final class RollDecision {

  /**
   * A host dates its turn anew as its hand-over helper starts; the helper stops the old Condo within
   * {@link HandoverRun#OLD_STOP_SECONDS} and gives the new one {@link SelfDeployVerticle#HEALTHY_WITHIN_SECONDS}
   * to be healthy, which then clears the host's entry. An entry still there this long after it was
   * written, while its host's new Condo reports from the fleet view, was
   * left by a new Condo that could not clear it: that host's turn is over. Not in the view that long,
   * neither its new Condo nor its old one came back: it has departed, and its turn is over too.
   */
  static final Duration SETTLED_WITHIN = Duration.ofSeconds(HandoverRun.OLD_STOP_SECONDS
      + SelfDeployVerticle.HEALTHY_WITHIN_SECONDS + 60);

  private RollDecision() {
  }

  /**
   * @param me this instance's id
   * @param turns every host's turn in the roll
   * @param startedFrom by instance id, each live instance of the fleet view and the body hash it was started from
   *     (null: by hand)
   * @param repairing the instances this view is known to miss or to hold stale
   */
  static RollClaim.Verdict of(String me, Collection<Turn> turns, Map<String, String> startedFrom,
                              Collection<String> repairing, Instant now) {
    if (!repairing.isEmpty()) {
      return RolloutDecision.waitingForTheView(repairing);
    }
    List<Turn> others = turns.stream()
        .filter(e -> !e.instance().equals(me))
        .filter(e -> e.datedBy(now))
        .filter(e -> startedFrom.containsKey(e.instance())
            || e.at().isAfter(now.minus(e.failed() ? Turn.FAILURE_FORGOTTEN_AFTER : SETTLED_WITHIN)))
        .sorted(Comparator.comparing(Turn::at)).toList();
    for (Turn e : others) {
      if (e.failed()) {
        return new RollClaim.Verdict(RollClaim.Kind.STOPPED, "the roll stopped: the self-deploy failed on " + e.host()
            + " (" + e.error() + "); it goes on when " + e.host() + "'s self.edn changes");
      }
    }
    for (Turn e : others) {
      boolean backLongAgo = Objects.equals(e.target(), startedFrom.get(e.instance()))
          && e.at().isBefore(now.minus(SETTLED_WITHIN));
      if (!backLongAgo) {
        return new RollClaim.Verdict(RollClaim.Kind.WAIT, "waiting for " + e.host() + " (instance " + e.instance()
            + "), handing over since " + e.at() + ", to be back in the fleet and healthy");
      }
    }
    return RollClaim.Verdict.go();
  }
}
