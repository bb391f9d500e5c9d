package io.condo.self;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.condo.bus.RollClaim;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whose turn it is in the fleet's self-deploy roll. */
class RollDecisionTest {

  static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");
  static final Instant NOW = T0.plusSeconds(30);
  static final RollEntry A_TO_V2 = new RollEntry("a", "host-a", "v2", false, null, T0);

  static Map<String, String> view(String... instanceAndHash) {
    Map<String, String> view = new HashMap<>();
    for (int i = 0; i < instanceAndHash.length; i += 2) {
      view.put(instanceAndHash[i], instanceAndHash[i + 1]);
    }
    return view;
  }

  static RollClaim.Kind kind(String me, List<RollEntry> entries, Map<String, String> view) {
    return RollDecision.of(me, entries, view, NOW).kind();
  }

  @Test
  void aloneOrFirstAHostGoes() {
    assertEquals(RollClaim.Kind.GO, kind("b", List.of(), view("b", null)));
  }

  @Test
  void anotherHostHandingOverHoldsEveryoneBackUntilItsNewCondoClearsItsEntry() {
    RollClaim.Verdict waiting = RollDecision.of("b", List.of(A_TO_V2), view("a", "v1"), NOW);
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
    assertEquals(RollClaim.Kind.GO, RollDecision.of("b", List.of(A_TO_V2), view("a", "v2"), later).kind());
    assertEquals(RollClaim.Kind.WAIT, RollDecision.of("b", List.of(A_TO_V2), view("a", "v1"), later).kind(),
        "its old Condo, never replaced");
  }

  @Test
  void everyHostsBodyIsItsOwnSoAnyHandOverHoldsTheOthersBack() {
    assertEquals(RollClaim.Kind.WAIT, kind("b", List.of(A_TO_V2), view("a", "v1", "b", "v1-of-b")));
  }

  @Test
  void aHostsOwnEntryNeverHoldsItBack() {
    assertEquals(RollClaim.Kind.GO, kind("a", List.of(A_TO_V2), view("a", "v1")));
    assertEquals(RollClaim.Kind.GO, kind("a", List.of(A_TO_V2.failedWith("exited")), view("a", null)));
  }

  @Test
  void aFailureStopsTheRollOnEveryOtherHost() {
    RollEntry failed = new RollEntry("a", "host-a", "v2", true, "the new Condo exited (exit 2)", T0);
    RollClaim.Verdict stopped = RollDecision.of("b", List.of(failed), view("a", "v1"), NOW);
    assertEquals(RollClaim.Kind.STOPPED, stopped.kind());
    assertTrue(stopped.why().contains("host-a") && stopped.why().contains("exit 2"), stopped.why());
  }

  @Test
  void aStoppedRollWinsOverAWait() {
    RollEntry cHandingOver = new RollEntry("c", "host-c", "v2", false, null, T0.plusSeconds(1));
    assertEquals(RollClaim.Kind.STOPPED, kind("b", List.of(cHandingOver, new RollEntry("a", "host-a", "v2", true, "boom", T0)), view()));
  }

  @Test
  void anEntryOfAHostGoneForADayIsForgottenButNotWhileItIsInTheFleet() {
    Instant later = T0.plus(RollDecision.FORGOTTEN_AFTER).plusSeconds(1);
    RollEntry failed = new RollEntry("a", "host-a", "v2", true, "boom", T0);
    assertEquals(RollClaim.Kind.GO, RollDecision.of("b", List.of(failed), view(), later).kind());
    assertEquals(RollClaim.Kind.GO, RollDecision.of("b", List.of(A_TO_V2), view(), later).kind());
    assertEquals(RollClaim.Kind.STOPPED, RollDecision.of("b", List.of(failed), view("a", null), later).kind());
    assertEquals(RollClaim.Kind.STOPPED, RollDecision.of("b", List.of(failed), view(), T0.plusSeconds(3600)).kind(),
        "an hour is not a day");
  }

  @Test
  void entriesRoundTripAndWhatIsNotOneIsDropped() {
    assertEquals(A_TO_V2, RollEntry.parse(A_TO_V2.toText()));
    RollEntry failed = A_TO_V2.failedWith("boom");
    assertEquals(failed, RollEntry.parse(failed.toText()));
    assertNull(RollEntry.parse("{\"instance\":\"a\"}"));
    assertNull(RollEntry.parse("not json"));
    assertNull(RollEntry.parse(42));
    assertNull(RollEntry.parse(A_TO_V2.toText().replace("handing-over", "dancing")));
    assertNull(RollEntry.parse(A_TO_V2.toText().replace(T0.toString(), "yesterday")));
    assertNull(RollEntry.parse(A_TO_V2.toText().replace("host-a", "h".repeat(300))));
    RollEntry cut = RollEntry.parse(new RollEntry("a", "host-a", "v2", true, "e".repeat(5000), T0).toText());
    assertTrue(cut.error().length() < 1100, "a peer's error is cut");
  }

  @Test
  void aFailureDatedFarAheadOfThisClockStopsNothing() {
    RollEntry ahead = new RollEntry("a", "host-a", "v2", true, "forged", Instant.parse("+100000-01-01T00:00:00Z"));
    assertEquals(RollClaim.Kind.GO, kind("b", List.of(ahead), Map.of()));
    RollEntry skewed = new RollEntry("a", "host-a", "v2", true, "exited", NOW.plusSeconds(30));
    assertEquals(RollClaim.Kind.STOPPED, kind("b", List.of(skewed), Map.of()), "a clock a little ahead still counts");
  }
}
