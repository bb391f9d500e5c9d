package io.condo.self;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.condo.bus.RollClaim;
import io.condo.rollout.Turn;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whose turn it is in the fleet's self-deploy roll. */
class RollDecisionTest {

  static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");
  static final Instant NOW = T0.plusSeconds(30);
  static final Turn A_TO_V2 = self("a", "v2", false, null, T0);

  static Turn self(String instance, String target, boolean failed, String error, Instant at) {
    return new Turn(Turn.SELF, instance, "host-" + instance, target, null, failed, error, at);
  }

  static Map<String, String> view(String... instanceAndHash) {
    Map<String, String> view = new HashMap<>();
    for (int i = 0; i < instanceAndHash.length; i += 2) {
      view.put(instanceAndHash[i], instanceAndHash[i + 1]);
    }
    return view;
  }

  static RollClaim.Kind kind(String me, List<Turn> entries, Map<String, String> view) {
    return RollDecision.of(me, entries, view, List.of(), NOW).kind();
  }

  @Test
  void aloneOrFirstAHostGoes() {
    assertEquals(RollClaim.Kind.GO, kind("b", List.of(), view("b", null)));
  }

  @Test
  void anotherHostHandingOverHoldsEveryoneBackUntilItsNewCondoClearsItsEntry() {
    RollClaim.Verdict waiting = RollDecision.of("b", List.of(A_TO_V2), view("a", "v1"), List.of(), NOW);
    assertEquals(RollClaim.Kind.WAIT, waiting.kind());
    assertTrue(waiting.why().contains("host-a"), waiting.why());
    assertEquals(RollClaim.Kind.WAIT, kind("b", List.of(A_TO_V2), view("a", null)), "its old Condo, started by hand");
    assertEquals(RollClaim.Kind.WAIT, kind("b", List.of(A_TO_V2), view()), "gone from the view while its Condos change");
    assertEquals(RollClaim.Kind.WAIT, kind("b", List.of(A_TO_V2), view("a", "v2")),
        "its new Condo reports from the fleet view, not yet found healthy");
    assertEquals(RollClaim.Kind.GO, kind("b", List.of(), view("a", "v2")), "found healthy, it cleared its entry");
  }

  @Test
  void anEntryItsNewCondoCouldNotClearEndsTheTurnOnceTheHandOverIsLongOver() {
    Instant later = T0.plus(RollDecision.SETTLED_WITHIN).plusSeconds(1);
    assertEquals(RollClaim.Kind.GO, RollDecision.of("b", List.of(A_TO_V2), view("a", "v2"), List.of(), later).kind());
    assertEquals(RollClaim.Kind.WAIT, RollDecision.of("b", List.of(A_TO_V2), view("a", "v1"), List.of(), later).kind(),
        "its old Condo, never replaced");
  }

  @Test
  void everyHostsBodyIsItsOwnSoAnyHandOverHoldsTheOthersBack() {
    assertEquals(RollClaim.Kind.WAIT, kind("b", List.of(A_TO_V2), view("a", "v1", "b", "v1-of-b")));
  }

  @Test
  void aHostsOwnEntryNeverHoldsItBack() {
    assertEquals(RollClaim.Kind.GO, kind("a", List.of(A_TO_V2), view("a", "v1")));
    assertEquals(RollClaim.Kind.GO, kind("a", List.of(A_TO_V2.failedWith("exited", Instant.now())), view("a", null)));
  }

  @Test
  void aFailureStopsTheRollOnEveryOtherHost() {
    Turn failed = self("a", "v2", true, "the new Condo exited (exit 2)", T0);
    RollClaim.Verdict stopped = RollDecision.of("b", List.of(failed), view("a", "v1"), List.of(), NOW);
    assertEquals(RollClaim.Kind.STOPPED, stopped.kind());
    assertTrue(stopped.why().contains("host-a") && stopped.why().contains("exit 2"), stopped.why());
  }

  @Test
  void aStoppedRollWinsOverAWait() {
    Turn cHandingOver = self("c", "v2", false, null, T0.plusSeconds(1));
    assertEquals(RollClaim.Kind.STOPPED, kind("b", List.of(cHandingOver, self("a", "v2", true, "boom", T0)), view()));
  }

  @Test
  void anEntryOfAHostGoneForADayIsForgottenButNotWhileItIsInTheFleet() {
    Instant later = T0.plus(Turn.FAILURE_FORGOTTEN_AFTER).plusSeconds(1);
    Turn failed = self("a", "v2", true, "boom", T0);
    assertEquals(RollClaim.Kind.GO, RollDecision.of("b", List.of(failed), view(), List.of(), later).kind());
    assertEquals(RollClaim.Kind.GO, RollDecision.of("b", List.of(A_TO_V2), view(), List.of(), later).kind());
    assertEquals(RollClaim.Kind.STOPPED, RollDecision.of("b", List.of(failed), view("a", null), List.of(), later).kind());
    assertEquals(RollClaim.Kind.STOPPED, RollDecision.of("b", List.of(failed), view(), List.of(), T0.plusSeconds(3600)).kind(),
        "an hour is not a day");
  }

  @Test
  void aHostGoneFromTheViewPastTheHandOversTimeLimitHasDepartedAndGivesItsTurnBack() {
    Instant stillHandingOver = T0.plus(RollDecision.SETTLED_WITHIN).minusSeconds(1);
    assertEquals(RollClaim.Kind.WAIT, RollDecision.of("b", List.of(A_TO_V2), view(), List.of(), stillHandingOver).kind());
    Instant departed = T0.plus(RollDecision.SETTLED_WITHIN).plusSeconds(1);
    assertEquals(RollClaim.Kind.GO, RollDecision.of("b", List.of(A_TO_V2), view(), List.of(), departed).kind());
  }

  @Test
  void nothingIsDecidedFromAViewKnownToMissPartOfTheFleet() {
    RollClaim.Verdict waiting = RollDecision.of("b", List.of(), view("b", null), List.of("c0c0c0c0c0c0"), NOW);
    assertEquals(RollClaim.Kind.WAIT, waiting.kind());
    assertTrue(waiting.why().contains("c0c0c0c0c0c0"), waiting.why());
  }

  @Test
  void aFailureDatedFarAheadOfThisClockStopsNothing() {
    Turn ahead = self("a", "v2", true, "forged", Instant.parse("+100000-01-01T00:00:00Z"));
    assertEquals(RollClaim.Kind.GO, kind("b", List.of(ahead), Map.of()));
    Turn skewed = self("a", "v2", true, "exited", NOW.plusSeconds(30));
    assertEquals(RollClaim.Kind.STOPPED, kind("b", List.of(skewed), Map.of()), "a clock a little ahead still counts");
  }
}
