package io.condo.fsm;

import io.condo.fsm.Action.Start;
import io.condo.fsm.Event.Created;
import io.condo.fsm.Event.CreateFailed;
import io.condo.fsm.Event.Observed;
import io.condo.fsm.Event.PullFailed;
import io.condo.fsm.Event.Pulled;
import io.condo.fsm.Event.SpecChanged;
import io.condo.fsm.Event.RetryNow;
import io.condo.fsm.Event.SpecDeleted;
import io.condo.fsm.Event.StartFailed;
import io.condo.fsm.Event.Started;
import io.condo.fsm.Event.Tick;
import io.condo.fsm.Snapshot.Init;
import io.condo.fsm.Snapshot.Stable;
import io.condo.fsm.Snapshot.TryAgainNext;
import io.condo.fsm.Snapshot.Wait;
import io.condo.fsm.Snapshot.WaitNext;
import io.condo.spec.ServiceSpec;
import java.time.Instant;
import java.util.List;

/**
 * The rows of SPEC §2 for a deploy beside the container that serves: {@code WaitNext} (the new
 * container waited for, the old one serving) and {@code TryAgainNext} (the new one failed, the old
 * one serving, a retry due). Part of {@link StateMachine}'s pure function, with its time and key.
 */
final class DeployBeside {

  private final StateMachine machine;
  private final Instant now;

  DeployBeside(StateMachine machine) {
    this.machine = machine;
    this.now = machine.now();
  }

  // --- WaitNext(c, n): After-deploy, old serving, new waiting for health ---------------------------

  Transition onWaitNext(WaitNext w, Event e) {
    Container c = w.stable();
    Container n = w.next();
    if (e instanceof SpecChanged changed) {
      ServiceSpec spec = changed.spec();
      if (spec.sameBodyAs(n.spec())) {
        // The new container's spec as the file writes it; both, when it replaces the old from the same spec.
        Container old = spec.sameBodyAs(c.spec()) ? c.withSpec(spec) : c;
        return StateMachine.stay(new WaitNext(old, n.withSpec(spec), w.healthDeadline(), w.retireAt(), w.attempt(),
            w.recovery().settled()));
      }
      if (spec.sameBodyAs(c.spec())) {
        // Rollback to what serves: nothing new is started.
        return Transition.to(new Stable(c.withSpec(spec), null), Action.remove(n));
      }
      if (w.recovery().refuses(spec)) {
        return StateMachine.stay(w);
      }
      return machine.deployNext(c, spec, 0, Recovery.NONE, Action.remove(n));
    }
    if (e instanceof SpecDeleted) {
      return Transition.to(new Init(), Action.remove(n), Action.remove(c));
    }
    if (e instanceof Pulled pulled && pulled.key().equals(n.key()) && n.id() == null) {
      if (n.spec().deploy().isAfter()) {
        return Transition.to(w, StateMachine.create(n));
      }
      // Invariant: a Before deploy stops the old container only once the new image is here.
      Container planned = Container.planned(n.key(), n.spec(), now);
      return Transition.to(new Wait(planned, null, w.attempt(), w.recovery(), c.spec()), Action.remove(c),
          StateMachine.create(planned));
    }
    if (e instanceof PullFailed failed && failed.key().equals(n.key()) && n.id() == null) {
      // The old container serves meanwhile, and a registry outage says nothing of the spec: retried, never rolled back.
      Instant at = now.plus(Backoff.DEPLOY.afterFailures(w.attempt() + 1));
      return Transition.to(new TryAgainNext(c, n.spec(), at, w.attempt() + 1, failed.error(), w.recovery()));
    }
    if (e instanceof Created created && created.key().equals(n.key())) {
      return Transition.to(w.with(n.withId(created.id()), w.healthDeadline(), w.retireAt()), new Start(created.id()));
    }
    if (e instanceof CreateFailed failed && failed.key().equals(n.key())) {
      return retryNext(w, failed.error());
    }
    if (e instanceof Started started && n.hasId(started.id())) {
      return nextHealth(w.with(n, machine.deadlineFrom(w.healthDeadline(), n), w.retireAt()), started.health(),
          started.detail());
    }
    if (e instanceof StartFailed failed && n.hasId(failed.id())) {
      return retryNext(w, failed.error(), Action.remove(n));
    }
    if (e instanceof Observed observed && n.hasId(observed.id())) {
      return nextHealth(w, observed.health(), observed.detail());
    }
    if (e instanceof Tick) {
      if (w.retireAt() != null && machine.isDue(w.retireAt())) {
        // Invariant: the old container is removed only after the new one has been healthy n s.
        return Transition.to(new Stable(n.stableSince(now), null, w.recovery(), null), Action.remove(c));
      }
      if (w.retireAt() == null && machine.isDue(w.healthDeadline())) {
        return retryNext(w, StateMachine.notHealthyInTime(n), Action.remove(n));
      }
    }
    return StateMachine.stay(w);
  }

  Transition nextHealth(WaitNext w, Health health, String detail) {
    Container c = w.stable();
    Container n = w.next();
    if (health == Health.HEALTHY) {
      if (w.retireAt() != null) {
        return StateMachine.stay(w);
      }
      int overlap = n.spec().deploy().afterSeconds();
      if (overlap == 0) {
        return Transition.to(new Stable(n.stableSince(now), null, w.recovery(), null), Action.remove(c));
      }
      return StateMachine.stay(w.with(n, w.healthDeadline(), now.plusSeconds(overlap)));
    }
    if (health.isFailure()) {
      Action[] cleanup = health == Health.GONE ? new Action[0] : new Action[] {Action.remove(n)};
      return retryNext(w, StateMachine.failure(health, detail), cleanup);
    }
    return StateMachine.stay(w);
  }

  /** The new container of a deploy beside the old one failed: one more failed attempt of its spec. */
  private Transition retryNext(WaitNext w, String error, Action... cleanup) {
    return machine.failedNext(w.stable(), w.next().spec(), w.attempt() + 1, error, w.recovery(), List.of(cleanup));
  }

  // --- TryAgainNext(c, s, at): After-deploy failed, old serving, retry at `at` ---------------------

  Transition onTryAgainNext(TryAgainNext t, Event e) {
    Container c = t.stable();
    if (e instanceof Tick && machine.isDue(t.retryAt()) || e instanceof RetryNow) {
      return machine.deployNext(c, t.spec(), t.attempt(), t.recovery());
    }
    if (e instanceof SpecChanged changed) {
      ServiceSpec spec = changed.spec();
      if (spec.sameBodyAs(t.spec())) {
        Container old = spec.sameBodyAs(c.spec()) ? c.withSpec(spec) : c;
        return StateMachine.stay(new TryAgainNext(old, spec, t.retryAt(), t.attempt(), t.error(), t.recovery().settled()));
      }
      if (spec.sameBodyAs(c.spec())) {
        return StateMachine.stay(new Stable(c.withSpec(spec), null));
      }
      if (t.recovery().refuses(spec)) {
        return StateMachine.stay(t);
      }
      return machine.deployNext(c, spec, 0, Recovery.NONE);
    }
    if (e instanceof SpecDeleted) {
      return Transition.to(new Init(), Action.remove(c));
    }
    return StateMachine.stay(t);
  }
}
