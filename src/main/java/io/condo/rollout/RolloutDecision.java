package io.condo.rollout;

import io.condo.bus.RollClaim;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether this host may deploy a new spec of a service now, from the turns the fleet shares. Pure.
 * At most {@code parallel} hosts deploy it at any instant; a host whose deploy failed stops the
 * rollout for every host heading for the same spec or image, until that host's file changes (its
 * entry is then replaced or gone). A host gone from the fleet view gives its turn back at once;
 * its failure still stops the rollout (a host restarting must not let a bad image through), for a
 * day. Nothing is decided from a view known to miss part of the fleet.
 */
public final class RolloutDecision {

  private RolloutDecision() {
  }

  /**
   * @param live the instances in the fleet view now
   * @param repairing the instances this view is known to miss or to hold stale
   */
  public static RollClaim.Verdict of(String me, String service, String target, String image, int parallel,
                                     Collection<Turn> turns, Set<String> live, Collection<String> repairing,
                                     Instant now) {
    if (!repairing.isEmpty()) {
      return waitingForTheView(repairing);
    }
    List<Turn> others = turns.stream()
        .filter(t -> t.subject().equals(service) && !t.instance().equals(me))
        .filter(t -> t.datedBy(now))
        .sorted(Comparator.comparing(Turn::at)).toList();
    for (Turn t : others) {
      boolean remembered = live.contains(t.instance()) || t.at().isAfter(now.minus(Turn.FAILURE_FORGOTTEN_AFTER));
      if (t.failed() && remembered && (t.target().equals(target) || Objects.equals(t.image(), image))) {
        return new RollClaim.Verdict(RollClaim.Kind.STOPPED, "stopped: " + service + " failed on " + t.host() + ": "
            + t.error());
      }
    }
    List<Turn> deploying = others.stream().filter(t -> !t.failed() && live.contains(t.instance())).toList();
    if (deploying.size() >= parallel) {
      return new RollClaim.Verdict(RollClaim.Kind.WAIT, "waiting for "
          + deploying.stream().map(Turn::host).collect(Collectors.joining(", "))
          + " (at most " + parallel + " at once)");
    }
    return RollClaim.Verdict.go();
  }

  /** A host that joined, or lost messages, waits until it knows whose turns are live. */
  public static RollClaim.Verdict waitingForTheView(Collection<String> repairing) {
    return new RollClaim.Verdict(RollClaim.Kind.WAIT, "waiting while this host's view of the fleet is repaired ("
        + repairing.stream().limit(5).collect(Collectors.joining(", ")) + (repairing.size() > 5 ? ", …" : "") + ")");
  }
}
