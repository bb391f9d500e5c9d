package io.condo.fsm;

import io.condo.fsm.Action.Create;
import io.condo.fsm.Action.Start;
import io.condo.fsm.Event.Created;
import io.condo.fsm.Event.CreateFailed;
import io.condo.fsm.Event.Observed;
import io.condo.fsm.Event.SpecChanged;
import io.condo.fsm.Event.RetryNow;
import io.condo.fsm.Event.SpecDeleted;
import io.condo.fsm.Event.StartFailed;
import io.condo.fsm.Event.Started;
import io.condo.fsm.Event.Tick;
import io.condo.fsm.Snapshot.Init;
import io.condo.fsm.Snapshot.Stable;
import io.condo.fsm.Snapshot.TryAgain;
import io.condo.fsm.Snapshot.TryAgainNext;
import io.condo.fsm.Snapshot.Wait;
import io.condo.fsm.Snapshot.WaitNext;
import io.condo.spec.ServiceSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-service state machine of SPEC §2 as a pure function:
 * {@code (snapshot, event, now) → (snapshot, actions)}. No I/O, no clock: time and the key for a
 * container it may plan come in as values. Results about containers the snapshot no longer holds
 * are stale and change nothing, except that a container created for nobody is removed.
 */
public final class StateMachine {

  private final Instant now;
  private final String freshKey;

  private StateMachine(Instant now, String freshKey) {
    this.now = now;
    this.freshKey = freshKey;
  }

  Instant now() {
    return now;
  }

  String freshKey() {
    return freshKey;
  }

  /**
   * @param freshKey a unique key (and default container name) for a container this step may plan
   */
  public static Transition next(Snapshot snapshot, Event event, Instant now, String freshKey) {
    return new StateMachine(now, freshKey).step(snapshot, event);
  }

  private Transition step(Snapshot s, Event e) {
    if (e instanceof Created created && !isPlanned(s, created.key())) {
      // Invariant: every container Docker made for us is owned by a snapshot or removed.
      return Transition.to(s, new Action.Remove(created.id(), created.key(), 0));
    }
    if (e instanceof Event.Adopt adopt) {
      return new Adoption(this, adopt.observed()).adopt(s);
    }
    if (s instanceof Init) {
      if (e instanceof Event.Reclaim reclaim) {
        return Transition.to(new Stable(reclaim.container().stableSince(now), null));
      }
      return e instanceof SpecChanged changed ? start(changed.spec(), 0, Recovery.NONE, null) : stay(s);
    }
    if (s instanceof Wait wait) {
      return onWait(wait, e);
    }
    if (s instanceof TryAgain tryAgain) {
      return onTryAgain(tryAgain, e);
    }
    if (s instanceof Stable stable) {
      return new StableWatch(this, now, freshKey).on(stable, e);
    }
    if (s instanceof WaitNext waitNext) {
      return new DeployBeside(this).onWaitNext(waitNext, e);
    }
    return new DeployBeside(this).onTryAgainNext((TryAgainNext) s, e);
  }

  // --- Wait(c): a container started, waiting for it to be healthy -------------------------------

  private Transition onWait(Wait w, Event e) {
    Container c = w.current();
    if (e instanceof SpecChanged changed) {
      ServiceSpec spec = changed.spec();
      if (spec.sameBodyAs(c.spec())) {
        return stay(new Wait(c.withSpec(spec), w.healthDeadline(), w.attempt(), w.recovery().settled(),
            w.lastGood()));
      }
      if (w.recovery().refuses(spec)) {
        return stay(w);
      }
      return start(spec, 0, Recovery.NONE, w.lastGood(), Action.remove(c));
    }
    if (e instanceof SpecDeleted) {
      return Transition.to(new Init(), Action.remove(c));
    }
    if (e instanceof Created created && created.key().equals(c.key())) {
      return Transition.to(w.with(c.withId(created.id()), w.healthDeadline()), new Start(created.id()));
    }
    if (e instanceof CreateFailed failed && failed.key().equals(c.key())) {
      return retryWait(w, failed.error(), List.of());
    }
    if (e instanceof Started started && c.hasId(started.id())) {
      return waitedHealth(w.with(c, deadlineFrom(w.healthDeadline(), c)), started.health(), started.detail());
    }
    if (e instanceof StartFailed failed && c.hasId(failed.id())) {
      return retryWait(w, failed.error(), List.of(Action.remove(c)));
    }
    if (e instanceof Observed observed && c.hasId(observed.id())) {
      return waitedHealth(w, observed.health(), observed.detail());
    }
    if (e instanceof Tick && isDue(w.healthDeadline())) {
      return retryWait(w, notHealthyInTime(c), List.of(Action.remove(c)));
    }
    return stay(w);
  }

  Transition waitedHealth(Wait w, Health health, String detail) {
    Container c = w.current();
    if (health == Health.HEALTHY) {
      return stay(new Stable(c.stableSince(now), null, w.recovery(), null));
    }
    if (health.isFailure()) {
      List<Action> cleanup = health == Health.GONE ? List.of() : List.of(Action.remove(c));
      return retryWait(w, failure(health, detail), cleanup);
    }
    return stay(w);
  }

  /** The waited container failed: one more failed attempt of its spec. */
  Transition retryWait(Wait w, String error, List<Action> cleanup) {
    return failed(w.current().spec(), w.attempt() + 1, error, w.recovery(), w.lastGood(), cleanup);
  }

  // --- TryAgain(s, at): starting failed, retry at `at` -------------------------------------------

  private Transition onTryAgain(TryAgain t, Event e) {
    if (e instanceof Tick && isDue(t.retryAt()) || e instanceof RetryNow) {
      return start(t.spec(), t.attempt(), t.recovery(), t.lastGood());
    }
    if (e instanceof SpecChanged changed) {
      ServiceSpec spec = changed.spec();
      if (spec.sameBodyAs(t.spec())) {
        return stay(new TryAgain(spec, t.retryAt(), t.attempt(), t.error(), t.recovery().settled(), t.lastGood()));
      }
      if (t.recovery().refuses(spec)) {
        return stay(t);
      }
      return start(spec, 0, Recovery.NONE, t.lastGood());
    }
    if (e instanceof SpecDeleted) {
      return stay(new Init());
    }
    return stay(t);
  }

  // --- building blocks ---------------------------------------------------------------------------

  /** start(spec) after the given removals: plan a container and ask Docker to create it. */
  Transition start(ServiceSpec spec, int attempt, Recovery recovery, ServiceSpec lastGood, Action... before) {
    Container planned = Container.planned(freshKey, spec, now);
    return Transition.to(new Wait(planned, null, attempt, recovery, lastGood), with(List.of(before), create(planned)));
  }

  /**
   * A new spec while {@code stable} serves: After starts the new container beside it; Before first
   * makes the new image present (the old one serving meanwhile, as WaitNext), and stops the old
   * container only once it is, so an image that cannot be pulled leaves the service running.
   */
  Transition deployNext(Container stable, ServiceSpec spec, int attempt, Recovery recovery, Action... before) {
    Container planned = Container.planned(freshKey, spec, now);
    Action first = spec.deploy().isAfter() ? create(planned) : new Action.Pull(planned.key(), spec);
    return Transition.to(new WaitNext(stable, planned, null, null, attempt, recovery), with(List.of(before), first));
  }

  /**
   * The {@code failures}th failed attempt of {@code spec}, nothing of it left running: retried after
   * the deploy back-off, or, once {@code :on-failure [:Rollback n]} has seen n, the last good spec
   * is started instead and the failed one remembered.
   */
  Transition failed(ServiceSpec spec, int failures, String error, Recovery recovery, ServiceSpec lastGood,
                    List<Action> cleanup) {
    if (rollsBack(spec, failures, lastGood)) {
      return start(lastGood, 0, Recovery.rolledBackFrom(spec, error, now), lastGood, cleanup.toArray(Action[]::new));
    }
    Instant at = now.plus(Backoff.DEPLOY.afterFailures(failures));
    return Transition.to(new TryAgain(spec, at, failures, error, recovery, lastGood), cleanup);
  }

  /**
   * The same while {@code stable} still serves: retried, or after n failures the old container
   * simply stays the service (a rollback there starts nothing).
   */
  Transition failedNext(Container stable, ServiceSpec spec, int failures, String error, Recovery recovery,
                        List<Action> cleanup) {
    if (rollsBack(spec, failures, stable.spec())) {
      return Transition.to(new Stable(stable, null, Recovery.rolledBackFrom(spec, error, now), null), cleanup);
    }
    Instant at = now.plus(Backoff.DEPLOY.afterFailures(failures));
    return Transition.to(new TryAgainNext(stable, spec, at, failures, error, recovery), cleanup);
  }

  /** A rollback needs a rule asking for it, its count reached, and another spec that was Stable. */
  private static boolean rollsBack(ServiceSpec spec, int failures, ServiceSpec lastGood) {
    return spec.healing().rollsBack() && failures >= spec.healing().rollbackAfter()
        && lastGood != null && !lastGood.sameBodyAs(spec);
  }

  Instant deadlineFrom(Instant existing, Container waited) {
    return existing != null ? existing : now.plusSeconds(waited.spec().healthTimeoutSeconds());
  }

  boolean isDue(Instant deadline) {
    return deadline != null && !now.isBefore(deadline);
  }

  private static boolean isPlanned(Snapshot s, String key) {
    return s.containers().stream().anyMatch(c -> c.id() == null && c.key().equals(key));
  }

  static Create create(Container planned) {
    return new Create(planned.key(), planned.name(), planned.spec());
  }

  private static List<Action> with(List<Action> before, Action last) {
    List<Action> all = new ArrayList<>(before);
    all.add(last);
    return all;
  }

  static Transition stay(Snapshot s) {
    return Transition.to(s);
  }

  static String notHealthyInTime(Container c) {
    return "container " + c.name() + " was not healthy within " + c.spec().healthTimeoutSeconds() + " s";
  }

  static String failure(Health health, String detail) {
    String what = switch (health) {
      case UNHEALTHY -> "container is unhealthy";
      case EXITED -> "container exited";
      case GONE -> "container disappeared";
      case CREATED -> "container is not running";
      case STOPPED -> "container was stopped by hand";
      default -> "container is " + health.name().toLowerCase();
    };
    return detail == null || detail.isBlank() ? what : what + ": " + detail;
  }
}
