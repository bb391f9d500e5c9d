package io.condo.fleet;

import io.condo.bus.TransitionEvent;
import io.condo.bus.FleetTransition;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TransitionHistoryTest {

  static TransitionEvent event(int n) {
    return new TransitionEvent("a." + n, "0123456789ab", "web-1", "web", "Wait", "Stable",
        Instant.EPOCH.plusSeconds(n), null, null, null, null, "spec");
  }

  static List<String> ids(List<FleetTransition> transitions) {
    return transitions.stream().map(t -> t.event().id()).toList();
  }

  @Test
  void aReaderContinuesExactlyAfterItsCursor() {
    TransitionHistory history = new TransitionHistory(10, "0000abcd");
    assertEquals("0000abcd-0", history.head());
    assertEquals(List.of(), ids(history.after("0000abcd-0").orElseThrow()), "nothing yet, nothing missed");
    String first = history.append(event(1)).cursor();
    history.append(event(2));
    history.append(event(3));
    assertEquals(List.of("a.2", "a.3"), ids(history.after(first).orElseThrow()));
    assertEquals(List.of("a.1", "a.2", "a.3"), ids(history.after("0000abcd-0").orElseThrow()));
    assertEquals(List.of(), ids(history.after(history.head()).orElseThrow()));
  }

  @Test
  void aCursorThatCannotBeContinuedExactlyMeansStartOver() {
    TransitionHistory history = new TransitionHistory(3, "0000abcd");
    for (int n = 1; n <= 5; n++) {
      history.append(event(n));
    }
    assertEquals(List.of("a.3", "a.4", "a.5"), ids(history.after("0000abcd-2").orElseThrow()),
        "the oldest kept follows this cursor directly");
    assertEquals(Optional.empty(), history.after("0000abcd-1"), "a.2 was dropped: a gap, so start over");
    assertEquals(Optional.empty(), history.after("ffff0000-4"), "another run: Condo restarted, or another instance");
    assertEquals(Optional.empty(), history.after("0000abcd-9"), "ahead of what this history has seen");
    assertEquals(Optional.empty(), history.after("garbage"));
    assertTrue(TransitionHistory.isWellFormed(history.head()));
  }
}
