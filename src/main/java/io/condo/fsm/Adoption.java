package io.condo.fsm;

import io.condo.fsm.Event.Seen;
import io.condo.fsm.Snapshot.Init;
import io.condo.fsm.Snapshot.Stable;
import io.condo.fsm.Snapshot.TryAgain;
import io.condo.fsm.Snapshot.TryAgainNext;
import io.condo.fsm.Snapshot.Wait;
import io.condo.fsm.Snapshot.WaitNext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The restart row of the state machine (SPEC §3): a persisted snapshot meets what Docker really
 * has. A running Stable container is kept, not restarted; a wait resumes on the container that
 * exists; a container whose create was interrupted is found by its key label or created again
 * under the same key; nothing runs twice.
 */
final class Adoption {

  private final StateMachine machine;
  private final Map<String, Seen> observed;

  Adoption(StateMachine machine, Map<String, Seen> observed) {
    this.machine = machine;
    this.observed = observed;
  }

  Transition adopt(Snapshot s) {
    if (s instanceof Init || s instanceof TryAgain) {
      return StateMachine.stay(s);
    }
    if (s instanceof Stable stable) {
      Seen seen = find(stable.current());
      return new StableWatch(machine, machine.now(), machine.freshKey())
          .health(stable, health(seen), detail(seen, "while Condo was down"));
    }
    if (s instanceof Wait wait) {
      return resumeWait(wait);
    }
    if (s instanceof WaitNext waitNext) {
      return resumeWaitNext(waitNext);
    }
    TryAgainNext t = (TryAgainNext) s;
    Seen stable = find(t.stable());
    if (isLost(stable, t.stable())) {
      return machine.failed(t.spec(), t.attempt(), "serving container was lost while Condo was down",
          t.recovery(), t.stable().spec(), List.of(cleanup(stable, t.stable())));
    }
    return StateMachine.stay(t);
  }

  private Transition resumeWait(Wait w) {
    Container c = w.current();
    Seen seen = find(c);
    if (seen == null) {
      if (c.id() == null) {
        // Interrupted before Docker created it: create it again under the same key.
        return Transition.to(w, new Action.Create(c.key(), c.name(), c.spec()));
      }
      return machine.retryWait(w, StateMachine.failure(Health.GONE, "while Condo was down"), List.of());
    }
    Container known = c.withId(seen.id());
    if (seen.health() == Health.CREATED) {
      return Transition.to(w.with(known, null), new Action.Start(seen.id()));
    }
    Wait running = w.with(known, machine.deadlineFrom(w.healthDeadline(), known));
    return machine.waitedHealth(running, seen.health(), seen.detail());
  }

  private Transition resumeWaitNext(WaitNext w) {
    Container stable = w.stable();
    Seen seenStable = find(stable);
    if (isLost(seenStable, stable)) {
      // The old container died while Condo was down: what remains is a plain wait on the new one.
      Transition asWait = resumeWait(new Wait(w.next(), w.healthDeadline(), w.attempt(), w.recovery(),
          stable.spec()));
      List<Action> actions = new ArrayList<>(List.of(cleanup(seenStable, stable)));
      actions.addAll(asWait.actions());
      return Transition.to(asWait.snapshot(), actions);
    }
    Container n = w.next();
    Seen seen = find(n);
    if (seen == null) {
      if (n.id() == null) {
        // Asked for before the crash and not made: ask again (a Before deploy pulls first).
        Action again = n.spec().deploy().isAfter() ? new Action.Create(n.key(), n.name(), n.spec())
            : new Action.Pull(n.key(), n.spec());
        return Transition.to(w, again);
      }
      return machine.failedNext(stable, n.spec(), w.attempt() + 1,
          StateMachine.failure(Health.GONE, "while Condo was down"), w.recovery(), List.of());
    }
    Container known = n.withId(seen.id());
    if (seen.health() == Health.CREATED) {
      return Transition.to(w.with(known, null, null), new Action.Start(seen.id()));
    }
    WaitNext running = w.with(known, machine.deadlineFrom(w.healthDeadline(), known), w.retireAt());
    return new DeployBeside(machine).nextHealth(running, seen.health(), seen.detail());
  }

  private Seen find(Container c) {
    return c.id() != null ? observed.get(c.id()) : observed.get(c.key());
  }

  /** A serving container that is gone or stopped for good (no restart policy to bring it back). */
  private static boolean isLost(Seen seen, Container c) {
    return seen == null
        || (seen.health() == Health.EXITED || seen.health() == Health.CREATED || seen.health() == Health.STOPPED)
        && !c.spec().hasRestartPolicy();
  }

  private static Action[] cleanup(Seen seen, Container c) {
    return seen == null ? new Action[0] : new Action[] {Action.remove(c.withId(seen.id()))};
  }

  private static Health health(Seen seen) {
    return seen == null ? Health.GONE : seen.health();
  }

  private static String detail(Seen seen, String fallback) {
    return seen == null || seen.detail() == null ? fallback : seen.detail();
  }
}
