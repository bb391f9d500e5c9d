package io.condo.rollout;

import io.condo.bus.RollClaim;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether this host may deploy a new spec of a service now, from the turns the fleet shares. Pure.
 * At most {@code parallel} hosts deploy it at any instant; a host whose deploy failed stops the
 * rollout for every host heading for the same spec or image, until that host's file changes (its
 * entry is then replaced or gone). A host gone from the fleet view gives its turn back at once.
 */
public final class RolloutDecision {

  /** An entry dated further ahead than any clock of the fleet can be is not taken. */
  static final Duration MAX_AHEAD = Duration.ofMinutes(2);

  private RolloutDecision() {
  }

  /**
   * @param live the instances in the fleet view now
   */
  public static RollClaim.Verdict of(String me, String service, String target, String image, int parallel,
                                     Collection<RolloutEntry> entries, Set<String> live, Instant now) {
    List<RolloutEntry> others = entries.stream()
        .filter(e -> e.service().equals(service) && !e.instance().equals(me) && live.contains(e.instance()))
        .filter(e -> !e.at().isAfter(now.plus(MAX_AHEAD)))
        .sorted(Comparator.comparing(RolloutEntry::at)).toList();
    for (RolloutEntry e : others) {
      if (e.failed() && (e.target().equals(target) || e.image().equals(image))) {
        return new RollClaim.Verdict(RollClaim.Kind.STOPPED, "stopped: " + service + " failed on " + e.host() + ": "
            + e.error());
      }
    }
    List<RolloutEntry> deploying = others.stream().filter(e -> !e.failed()).toList();
    if (deploying.size() >= parallel) {
      return new RollClaim.Verdict(RollClaim.Kind.WAIT, "waiting for "
          + deploying.stream().map(RolloutEntry::host).collect(Collectors.joining(", "))
          + " (at most " + parallel + " at once)");
    }
    return RollClaim.Verdict.go();
  }
}
