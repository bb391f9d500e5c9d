package io.condo.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.condo.fsm.Action;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a service's Docker work waits for, decided from data alone. */
class WorkQueueTest {

  static final Action CREATE = new Action.Create("web_k1", "web_k1", ActionExecutorTest.SPEC);
  static final Action START = new Action.Start("id1");
  static final Action REMOVE = new Action.Remove("id0", "web_k0", 7);

  final WorkQueue work = new WorkQueue();

  @Test
  void anActionWaitsUntilTheSaveThatExplainsItIsOnDisk() {
    work.add(List.of(CREATE), 3);
    assertNull(work.take(2, false));
    assertEquals(CREATE, work.take(3, false));
  }

  @Test
  void aServiceDoesNothingWhileItsLeftoversAreBeingRemoved() {
    work.add(List.of(CREATE), 0);
    assertNull(work.take(9, true));
    assertEquals(CREATE, work.take(9, false));
  }

  @Test
  void oneStepAtATimeInTheOrderTheStateMachineAskedFor() {
    work.add(List.of(REMOVE, CREATE), 1);
    work.add(List.of(START), 2);
    assertEquals(REMOVE, work.take(2, false));
    assertNull(work.take(2, false), "the removal has no answer yet");
    work.done();
    assertEquals(CREATE, work.take(2, false));
    work.done();
    assertEquals(START, work.take(2, false));
    work.done();
    assertEquals(true, work.isIdle());
  }

  @Test
  void aLaterStepNeverOvertakesOneStillWaitingForItsSave() {
    work.add(List.of(REMOVE), 5);
    work.add(List.of(START), 1);
    assertNull(work.take(4, false));
  }
}
