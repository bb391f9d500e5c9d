package io.condo.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What each receiver has yet to get. */
class OutboxTest {

  static Outbox.Pending event(long seq) {
    return new Outbox.Pending(seq, "e" + seq, "web", seq * 1000, "{\"n\":" + seq + "}");
  }

  @Test
  void eachReceiverGetsEveryEventOldestFirstAtItsOwnPace() {
    Outbox outbox = new Outbox(List.of("a", "b"));
    outbox.add(event(1), List.of("a", "b"));
    outbox.add(event(2), List.of("a", "b"));
    assertEquals("e1", outbox.head("a").id());
    assertTrue(outbox.done("a", "e1"));
    assertEquals("e2", outbox.head("a").id());
    assertEquals("e1", outbox.head("b").id(), "b is not held by a, nor a by b");
    assertEquals(3, outbox.size());
    assertTrue(outbox.done("a", "e2"));
    assertNull(outbox.head("a"));
  }

  @Test
  void pastItsBoundAReceiverLosesItsOldestEventsAndSaysWhich() {
    Outbox outbox = new Outbox(List.of("a"), 3);
    for (long i = 1; i <= 3; i++) {
      assertTrue(outbox.add(event(i), List.of("a")).isEmpty());
    }
    List<Outbox.Dropped> dropped = outbox.add(event(4), List.of("a"));
    assertEquals(1, dropped.size());
    assertEquals("e1", dropped.get(0).pending().id());
    assertEquals(3, outbox.size("a"));
    assertEquals("e2", outbox.head("a").id());
  }

  @Test
  void anUnknownReceiverOrARepeatedEventIsIgnored() {
    Outbox outbox = new Outbox(List.of("a"));
    outbox.add(event(1), List.of("a", "gone"));
    outbox.add(event(1), List.of("a"));
    assertEquals(1, outbox.size());
  }

  @Test
  void byEventListsEachWaitingEventOnceInOrderWithWhoStillWantsIt() {
    Outbox outbox = new Outbox(List.of("a", "b"));
    outbox.add(event(1), List.of("a", "b"));
    outbox.add(event(2), List.of("a", "b"));
    outbox.done("b", "e1");
    var byEvent = outbox.byEvent();
    assertEquals(List.of("e1", "e2"), byEvent.keySet().stream().map(Outbox.Pending::id).toList());
    assertEquals(List.of("a"), byEvent.get(event(1)));
    assertEquals(List.of("a", "b"), byEvent.get(event(2)));
  }
}
