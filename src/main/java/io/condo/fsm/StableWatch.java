package io.condo.fsm;

import io.condo.fsm.Event.Observed;
import io.condo.fsm.Event.SpecChanged;
import io.condo.fsm.Event.SpecDeleted;
import io.condo.fsm.Event.Tick;
import io.condo.fsm.Snapshot.Init;
import io.condo.fsm.Snapshot.Stable;
import io.condo.fsm.Snapshot.TryAgain;
import io.condo.fsm.Snapshot.TryAgainNext;
import io.condo.spec.Healing;
import io.condo.spec.ServiceSpec;
import java.time.Instant;
import java.util.List;

/**
 * The Stable row of the state machine: Condo keeps watching the container that is the service.
 * Problems show in the state; a container that is lost, or unhealthy longer than
 * {@code :on-unhealthy [:Replace s]} allows, is replaced from its spec after the crash-loop
 * back-off ({@link Restarts}); one an operator stopped is left stopped.
 */
final class StableWatch {

  private final StateMachine machine;
  private final Instant now;
  private final String freshKey;

  StableWatch(StateMachine machine, Instant now, String freshKey) {
    this.machine = machine;
    this.now = now;
    this.freshKey = freshKey;
  }

  Transition on(Stable s, Event e) {
    Container c = s.current();
    if (e instanceof SpecChanged changed) {
      ServiceSpec spec = changed.spec();
      if (spec.sameBodyAs(c.spec())) {
        Instant replaceAt = spec.healing().replacesUnhealthy() ? s.replaceAt() : null;
        return StateMachine.stay(new Stable(c.withSpec(spec), s.problem(), s.recovery().settled(), replaceAt));
      }
      if (s.recovery().refuses(spec)) {
        return StateMachine.stay(s);
      }
      return machine.deployNext(c, spec, 0, Recovery.NONE);
    }
    if (e instanceof SpecDeleted) {
      return Transition.to(new Init(), Action.remove(c));
    }
    if (e instanceof Observed observed && c.hasId(observed.id())) {
      return health(s, observed.health(), observed.detail());
    }
    if (e instanceof Tick && machine.isDue(s.replaceAt())) {
      return replaceUnhealthy(s);
    }
    return StateMachine.stay(s);
  }

  Transition health(Stable s, Health health, String detail) {
    Container c = s.current();
    switch (health) {
      case HEALTHY:
        return StateMachine.stay(new Stable(c, null, s.recovery(), null));
      case STARTING:
        // Docker restarted it: whatever was due waits for it to turn unhealthy again.
        return StateMachine.stay(new Stable(c, s.problem(), s.recovery(), null));
      case UNHEALTHY:
        return StateMachine.stay(new Stable(c, StateMachine.failure(health, detail), s.recovery(), replaceAt(s)));
      case STOPPED:
        return StateMachine.stay(new Stable(c, StateMachine.failure(health, detail)
            + "; Condo leaves it stopped until its spec changes", s.recovery(), null));
      case EXITED:
      case CREATED:
        if (stoppedByHand(s)) {
          // A re-read (a restart, a reconnect) sees it only as exited: it stays as the operator left it.
          return StateMachine.stay(s);
        }
        if (c.spec().hasRestartPolicy()) {
          return StateMachine.stay(new Stable(c, StateMachine.failure(Health.EXITED, detail)
              + "; Docker's restart policy restarts it", s.recovery(), null));
        }
        return crashed(s, StateMachine.failure(Health.EXITED, detail), Action.remove(c));
      case GONE:
        return crashed(s, StateMachine.failure(health, detail));
      default:
        return StateMachine.stay(s);
    }
  }

  /** Whether Condo last saw this container stopped by somebody: the problem says so, in the state file too. */
  private static boolean stoppedByHand(Stable s) {
    return s.problem() != null && s.problem().startsWith(StateMachine.failure(Health.STOPPED, null));
  }

  /**
   * When an unhealthy container is replaced: {@code s} seconds after it was first seen unhealthy,
   * never inside its health start period; null when its spec only reports.
   */
  private Instant replaceAt(Stable s) {
    Container c = s.current();
    Healing healing = c.spec().healing();
    if (!healing.replacesUnhealthy()) {
      return null;
    }
    if (s.replaceAt() != null) {
      return s.replaceAt();
    }
    Instant at = now.plusSeconds(healing.replaceUnhealthyAfter());
    Instant started = c.createdAt() != null ? c.createdAt() : now;
    Instant startPeriodEnds = started.plusSeconds(c.spec().healthStartPeriodSeconds());
    return at.isBefore(startPeriodEnds) ? startPeriodEnds : at;
  }

  /** A Stable container is lost: replaced from its spec after the crash-loop back-off. */
  private Transition crashed(Stable s, String error, Action... cleanup) {
    Container c = s.current();
    Recovery recovery = s.recovery().afterCrash(c.stableAt(), now);
    return Transition.to(new TryAgain(c.spec(), recovery.restarts().retryAt(now, freshKey), 1, error, recovery,
        c.spec()), List.of(cleanup));
  }

  /**
   * Unhealthy too long: replaced with the service's own deploy strategy, after the same back-off a
   * crash waits. [:After n] keeps the old container serving until the new one is healthy.
   */
  private Transition replaceUnhealthy(Stable s) {
    Container c = s.current();
    String error = "unhealthy for " + c.spec().healing().replaceUnhealthyAfter() + " s"
        + (s.problem() != null ? " (" + s.problem() + ")" : "") + "; replaced";
    Recovery recovery = s.recovery().afterCrash(c.stableAt(), now);
    Instant at = recovery.restarts().retryAt(now, freshKey);
    if (c.spec().deploy().isAfter()) {
      return Transition.to(new TryAgainNext(c, c.spec(), at, 1, error, recovery));
    }
    return Transition.to(new TryAgain(c.spec(), at, 1, error, recovery, c.spec()), Action.remove(c));
  }
}
