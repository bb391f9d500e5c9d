package io.condo.supervisor;

import io.condo.fsm.Action;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * One service's Docker work, in the order the state machine asked for it, with what each step
 * waits for written down as data rather than chained futures: the save of the snapshot that
 * explains it (so a crash never leaves a container nobody knows about), the removal of the
 * service's leftovers (so old and new never run together), and the step before it (one Docker
 * call at a time per service).
 */
final class WorkQueue {

  /** An action, and the save (by generation) that must be on disk before it runs. */
  record Step(Action action, long afterSave) {
  }

  private final Deque<Step> steps = new ArrayDeque<>();
  private boolean running;

  void add(List<Action> actions, long afterSave) {
    actions.forEach(action -> steps.add(new Step(action, afterSave)));
  }

  /**
   * The action that may run now, taken off the queue; null when none may yet.
   *
   * @param durableSave the newest save known to be on disk
   * @param leftoversPending whether removals this service waits for are still under way
   */
  Action take(long durableSave, boolean leftoversPending) {
    Step head = steps.peek();
    if (running || leftoversPending || head == null || head.afterSave() > durableSave) {
      return null;
    }
    running = true;
    return steps.poll().action();
  }

  /** The step taken last has its answer. */
  void done() {
    running = false;
  }

  /** A step was taken and has no answer yet. */
  boolean isRunning() {
    return running;
  }

  boolean isIdle() {
    return steps.isEmpty() && !running;
  }

  boolean hasWaitingSteps() {
    return !steps.isEmpty();
  }
}
