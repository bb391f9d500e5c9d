package io.condo.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.condo.bus.RollClaim;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Whose turn it is in a service's fleet rollout. */
class RolloutDecisionTest {

  static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
  static final Set<String> ALL = Set.of("a", "b", "c", "me");

  static Turn deploying(String instance, String target) {
    return new Turn("web", instance, "host-" + instance, target, "web:" + target, false, null, NOW);
  }

  static Turn failed(String instance, String target, String error) {
    return new Turn("web", instance, "host-" + instance, target, "web:" + target, true, error, NOW);
  }

  static RollClaim.Verdict decide(int parallel, List<Turn> entries, Set<String> live) {
    return RolloutDecision.of("me", "web", "v2", "web:v2", parallel, entries, live, List.of(), NOW);
  }

  @Test
  void atMostParallelHostsDeployAtOnce() {
    assertEquals(RollClaim.Kind.GO, decide(1, List.of(), ALL).kind());
    RollClaim.Verdict wait = decide(1, List.of(deploying("a", "v2")), ALL);
    assertEquals(RollClaim.Kind.WAIT, wait.kind());
    assertEquals("waiting for host-a (at most 1 at once)", wait.why());
    assertEquals(RollClaim.Kind.GO, decide(2, List.of(deploying("a", "v2")), ALL).kind());
    assertEquals(RollClaim.Kind.WAIT, decide(2, List.of(deploying("a", "v2"), deploying("b", "v1")), ALL).kind(),
        "a host still deploying an older spec counts too");
  }

  @Test
  void aFailureStopsHostsHeadingForTheSameSpecOrImageOnly() {
    Turn failed = failed("a", "v2", "container exited: exit code 3");
    RollClaim.Verdict stopped = decide(3, List.of(failed), ALL);
    assertEquals(RollClaim.Kind.STOPPED, stopped.kind());
    assertEquals("stopped: web failed on host-a: container exited: exit code 3", stopped.why());
    assertEquals(RollClaim.Kind.GO,
        RolloutDecision.of("me", "web", "v3", "web:v3", 1, List.of(failed), ALL, List.of(), NOW).kind(),
        "a new spec starts a new rollout");
    assertEquals(RollClaim.Kind.STOPPED,
        RolloutDecision.of("me", "web", "v2-of-me", "web:v2", 1, List.of(failed), ALL, List.of(), NOW).kind(),
        "each host's body may differ (a template per host): the same image is the same rollout");
  }

  @Test
  void aHostGoneFromTheFleetGivesItsTurnBackAtOnceButItsFailureStillStopsTheRolloutForADay() {
    assertEquals(RollClaim.Kind.GO, decide(1, List.of(deploying("a", "v2")), Set.of("me", "b")).kind());
    assertEquals(RollClaim.Kind.STOPPED, decide(1, List.of(failed("a", "v2", "boom")), Set.of("me")).kind(),
        "a host restarting after a failure must not let the bad image through meanwhile");
    Instant aDayLater = NOW.plus(Turn.FAILURE_FORGOTTEN_AFTER).plusSeconds(1);
    assertEquals(RollClaim.Kind.GO, RolloutDecision.of("me", "web", "v2", "web:v2", 1,
        List.of(failed("a", "v2", "boom")), Set.of("me"), List.of(), aDayLater).kind());
    assertEquals(RollClaim.Kind.STOPPED, RolloutDecision.of("me", "web", "v2", "web:v2", 1,
        List.of(failed("a", "v2", "boom")), ALL, List.of(), aDayLater).kind(), "while it is in the fleet, still");
  }

  @Test
  void aHostWhoseViewIsBeingRepairedWaits() {
    RollClaim.Verdict waiting = RolloutDecision.of("me", "web", "v2", "web:v2", 5, List.of(), ALL,
        List.of("c0c0c0c0c0c0"), NOW);
    assertEquals(RollClaim.Kind.WAIT, waiting.kind());
    assertEquals("waiting while this host's view of the fleet is repaired (c0c0c0c0c0c0)", waiting.why());
  }

  @Test
  void ownEntriesOtherServicesAndEntriesFromTheFarFutureDoNotCount() {
    Turn api = new Turn("api", "a", "host-a", "v2", "web:v2", false, null, NOW);
    Turn ahead = new Turn("web", "a", "host-a", "v2", "web:v2", true, "x", NOW.plusSeconds(3600));
    assertEquals(RollClaim.Kind.GO, decide(1, List.of(deploying("me", "v2"), api, ahead), ALL).kind());
  }
}
