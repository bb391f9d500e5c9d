package io.condo.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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

  static RolloutEntry deploying(String instance, String target) {
    return new RolloutEntry("web", instance, "host-" + instance, target, "web:" + target, false, null, NOW);
  }

  static RolloutEntry failed(String instance, String target, String error) {
    return new RolloutEntry("web", instance, "host-" + instance, target, "web:" + target, true, error, NOW);
  }

  static RollClaim.Verdict decide(int parallel, List<RolloutEntry> entries, Set<String> live) {
    return RolloutDecision.of("me", "web", "v2", "web:v2", parallel, entries, live, NOW);
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
    RolloutEntry failed = failed("a", "v2", "container exited: exit code 3");
    RollClaim.Verdict stopped = decide(3, List.of(failed), ALL);
    assertEquals(RollClaim.Kind.STOPPED, stopped.kind());
    assertEquals("stopped: web failed on host-a: container exited: exit code 3", stopped.why());
    assertEquals(RollClaim.Kind.GO,
        RolloutDecision.of("me", "web", "v3", "web:v3", 1, List.of(failed), ALL, NOW).kind(),
        "a new spec starts a new rollout");
    assertEquals(RollClaim.Kind.STOPPED,
        RolloutDecision.of("me", "web", "v2-of-me", "web:v2", 1, List.of(failed), ALL, NOW).kind(),
        "each host's body may differ (a template per host): the same image is the same rollout");
  }

  @Test
  void aHostGoneFromTheFleetGivesItsTurnBackAtOnce() {
    assertEquals(RollClaim.Kind.GO, decide(1, List.of(deploying("a", "v2")), Set.of("me", "b")).kind());
    assertEquals(RollClaim.Kind.GO, decide(1, List.of(failed("a", "v2", "boom")), Set.of("me")).kind());
  }

  @Test
  void ownEntriesOtherServicesAndEntriesFromTheFarFutureDoNotCount() {
    RolloutEntry api = new RolloutEntry("api", "a", "host-a", "v2", "web:v2", false, null, NOW);
    RolloutEntry ahead = new RolloutEntry("web", "a", "host-a", "v2", "web:v2", true, "x", NOW.plusSeconds(3600));
    assertEquals(RollClaim.Kind.GO, decide(1, List.of(deploying("me", "v2"), api, ahead), ALL).kind());
  }

  @Test
  void anEntryIsReadOnlyUnderItsOwnKeyAndOnlyWhole() {
    RolloutEntry entry = deploying("a", "v2");
    assertEquals(entry, RolloutEntry.parse("a/web", entry.toText()));
    assertNull(RolloutEntry.parse("b/web", entry.toText()), "moved to another host's key");
    assertNull(RolloutEntry.parse("a/web", entry.toText().replace("deploying", "done")));
    assertNull(RolloutEntry.parse("a/web", "{\"service\":\"web\"}"));
    assertTrue(entry.failedWith("x".repeat(5000)).error().length() < 1100, "a long error is cut");
  }
}
