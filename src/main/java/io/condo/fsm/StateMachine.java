package io.condo.fsm;

import io.condo.fsm.Action.Create;
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
      return e instanceof SpecChanged changed ? start(changed.spec(), 0) : stay(s);
    }
    if (s instanceof Wait wait) {
      return onWait(wait, e);
    }
    if (s instanceof TryAgain tryAgain) {
      return onTryAgain(tryAgain, e);
    }
    if (s instanceof Stable stable) {
      return onStable(stable, e);
    }
    if (s instanceof WaitNext waitNext) {
      return onWaitNext(waitNext, e);
    }
    return onTryAgainNext((TryAgainNext) s, e);
  }

  // --- Wait(c): a container started, waiting for it to be healthy -------------------------------

  private Transition onWait(Wait w, Event e) {
    Container c = w.current();
    if (e instanceof SpecChanged changed) {
      if (changed.spec().sameBodyAs(c.spec())) {
        return stay(new Wait(c.withSpec(changed.spec()), w.healthDeadline(), w.attempt(), w.restarts()));
      }
      return start(changed.spec(), 0, Action.remove(c));
    }
    if (e instanceof SpecDeleted) {
      return Transition.to(new Init(), Action.remove(c));
    }
    if (e instanceof Created created && created.key().equals(c.key())) {
      return Transition.to(new Wait(c.withId(created.id()), w.healthDeadline(), w.attempt(), w.restarts()),
          new Start(created.id()));
    }
    if (e instanceof CreateFailed failed && failed.key().equals(c.key())) {
      return retryWait(w, failed.error(), List.of());
    }
    if (e instanceof Started started && c.hasId(started.id())) {
      Wait running = new Wait(c, deadlineFrom(w.healthDeadline(), c), w.attempt(), w.restarts());
      return waitedHealth(running, started.health(), started.detail());
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

  private Transition waitedHealth(Wait w, Health health, String detail) {
    Container c = w.current();
    if (health == Health.HEALTHY) {
      return stay(new Stable(c.stableSince(now), null, w.restarts()));
    }
    if (health.isFailure()) {
      List<Action> cleanup = health == Health.GONE ? List.of() : List.of(Action.remove(c));
      return retryWait(w, failure(health, detail), cleanup);
    }
    return stay(w);
  }

  /** The waited container failed: the deploy's own back-off, the restarts so far kept. */
  private Transition retryWait(Wait w, String error, List<Action> cleanup) {
    return retry(w.current().spec(), w.attempt() + 1, error, w.restarts(), cleanup);
  }

  // --- TryAgain(s, at): starting failed, retry at `at` -------------------------------------------

  private Transition onTryAgain(TryAgain t, Event e) {
    if (e instanceof Tick && isDue(t.retryAt()) || e instanceof RetryNow) {
      return start(t.spec(), t.attempt(), t.restarts());
    }
    if (e instanceof SpecChanged changed) {
      if (changed.spec().sameBodyAs(t.spec())) {
        return stay(new TryAgain(changed.spec(), t.retryAt(), t.attempt(), t.error(), t.restarts()));
      }
      return start(changed.spec(), 0);
    }
    if (e instanceof SpecDeleted) {
      return stay(new Init());
    }
    return stay(t);
  }

  // --- Stable(c): the container is healthy and is the service -------------------------------------

  private Transition onStable(Stable s, Event e) {
    Container c = s.current();
    if (e instanceof SpecChanged changed) {
      ServiceSpec spec = changed.spec();
      if (spec.sameBodyAs(c.spec())) {
        return stay(new Stable(c.withSpec(spec), s.problem(), s.restarts()));
      }
      return deployNext(c, spec, 0);
    }
    if (e instanceof SpecDeleted) {
      return Transition.to(new Init(), Action.remove(c));
    }
    if (e instanceof Observed observed && c.hasId(observed.id())) {
      return stableHealth(s, observed.health(), observed.detail());
    }
    return stay(s);
  }

  /** Condo keeps watching a Stable container: problems show in the state, a lost one is redeployed. */
  Transition stableHealth(Stable s, Health health, String detail) {
    Container c = s.current();
    switch (health) {
      case HEALTHY:
        return stay(new Stable(c, null, s.restarts()));
      case UNHEALTHY:
        return stay(new Stable(c, failure(health, detail), s.restarts()));
      case EXITED:
      case CREATED:
        if (c.spec().hasRestartPolicy()) {
          return stay(new Stable(c, failure(Health.EXITED, detail)
              + "; Docker's restart policy restarts it", s.restarts()));
        }
        return crashed(s, failure(Health.EXITED, detail), Action.remove(c));
      case GONE:
        return crashed(s, failure(health, detail));
      default:
        return stay(s);
    }
  }

  /** A Stable container is lost: replaced from its spec after the crash-loop back-off (see {@link Restarts}). */
  private Transition crashed(Stable s, String error, Action... cleanup) {
    Restarts restarts = s.restarts().afterCrash(s.current().stableAt(), now);
    return Transition.to(new TryAgain(s.current().spec(), restarts.retryAt(now, freshKey), 1, error, restarts),
        List.of(cleanup));
  }

  // --- WaitNext(c, n): After-deploy, old serving, new waiting for health ---------------------------

  private Transition onWaitNext(WaitNext w, Event e) {
    Container c = w.stable();
    Container n = w.next();
    if (e instanceof SpecChanged changed) {
      ServiceSpec spec = changed.spec();
      if (spec.sameBodyAs(c.spec())) {
        // Rollback to what serves: nothing new is started.
        return Transition.to(new Stable(c.withSpec(spec), null), Action.remove(n));
      }
      if (spec.sameBodyAs(n.spec())) {
        return stay(new WaitNext(c, n.withSpec(spec), w.healthDeadline(), w.retireAt(), w.attempt()));
      }
      return deployNext(c, spec, 0, Action.remove(n));
    }
    if (e instanceof SpecDeleted) {
      return Transition.to(new Init(), Action.remove(n), Action.remove(c));
    }
    if (e instanceof Pulled pulled && pulled.key().equals(n.key()) && n.id() == null) {
      if (n.spec().deploy().isAfter()) {
        return Transition.to(w, create(n));
      }
      // Invariant: a Before deploy stops the old container only once the new image is here.
      Container planned = Container.planned(n.key(), n.spec(), now);
      return Transition.to(new Wait(planned, null, w.attempt()), Action.remove(c), create(planned));
    }
    if (e instanceof PullFailed failed && failed.key().equals(n.key()) && n.id() == null) {
      return retryNext(c, n.spec(), w.attempt() + 1, failed.error());
    }
    if (e instanceof Created created && created.key().equals(n.key())) {
      return Transition.to(new WaitNext(c, n.withId(created.id()), w.healthDeadline(), w.retireAt(),
          w.attempt()), new Start(created.id()));
    }
    if (e instanceof CreateFailed failed && failed.key().equals(n.key())) {
      return retryNext(c, n.spec(), w.attempt() + 1, failed.error());
    }
    if (e instanceof Started started && n.hasId(started.id())) {
      WaitNext running = new WaitNext(c, n, deadlineFrom(w.healthDeadline(), n), w.retireAt(),
          w.attempt());
      return nextHealth(running, started.health(), started.detail());
    }
    if (e instanceof StartFailed failed && n.hasId(failed.id())) {
      return retryNext(c, n.spec(), w.attempt() + 1, failed.error(), Action.remove(n));
    }
    if (e instanceof Observed observed && n.hasId(observed.id())) {
      return nextHealth(w, observed.health(), observed.detail());
    }
    if (e instanceof Tick) {
      if (w.retireAt() != null && isDue(w.retireAt())) {
        // Invariant: the old container is removed only after the new one has been healthy n s.
        return Transition.to(new Stable(n.stableSince(now), null), Action.remove(c));
      }
      if (w.retireAt() == null && isDue(w.healthDeadline())) {
        return retryNext(c, n.spec(), w.attempt() + 1, notHealthyInTime(n), Action.remove(n));
      }
    }
    return stay(w);
  }

  private Transition nextHealth(WaitNext w, Health health, String detail) {
    Container c = w.stable();
    Container n = w.next();
    if (health == Health.HEALTHY) {
      if (w.retireAt() != null) {
        return stay(w);
      }
      int overlap = n.spec().deploy().afterSeconds();
      if (overlap == 0) {
        return Transition.to(new Stable(n.stableSince(now), null), Action.remove(c));
      }
      return stay(new WaitNext(c, n, w.healthDeadline(), now.plusSeconds(overlap), w.attempt()));
    }
    if (health.isFailure()) {
      List<Action> cleanup = health == Health.GONE ? List.of() : List.of(Action.remove(n));
      return retryNext(c, n.spec(), w.attempt() + 1, failure(health, detail), cleanup);
    }
    return stay(w);
  }

  // --- TryAgainNext(c, s, at): After-deploy failed, old serving, retry at `at` ---------------------

  private Transition onTryAgainNext(TryAgainNext t, Event e) {
    Container c = t.stable();
    if (e instanceof Tick && isDue(t.retryAt()) || e instanceof RetryNow) {
      return deployNext(c, t.spec(), t.attempt());
    }
    if (e instanceof SpecChanged changed) {
      ServiceSpec spec = changed.spec();
      if (spec.sameBodyAs(c.spec())) {
        return stay(new Stable(c.withSpec(spec), null));
      }
      if (spec.sameBodyAs(t.spec())) {
        return stay(new TryAgainNext(c, spec, t.retryAt(), t.attempt(), t.error()));
      }
      return deployNext(c, spec, 0);
    }
    if (e instanceof SpecDeleted) {
      return Transition.to(new Init(), Action.remove(c));
    }
    return stay(t);
  }

  // --- building blocks ---------------------------------------------------------------------------

  /** start(spec) after the given removals: plan a container and ask Docker to create it. */
  Transition start(ServiceSpec spec, int attempt, Action... before) {
    return start(spec, attempt, Restarts.NONE, before);
  }

  private Transition start(ServiceSpec spec, int attempt, Restarts restarts, Action... before) {
    Container planned = Container.planned(freshKey, spec, now);
    return Transition.to(new Wait(planned, null, attempt, restarts), with(before, create(planned)));
  }

  /**
   * A new spec while {@code stable} serves: After starts the new container beside it; Before first
   * makes the new image present (the old one serving meanwhile, as WaitNext), and stops the old
   * container only once it is, so an image that cannot be pulled leaves the service running.
   */
  private Transition deployNext(Container stable, ServiceSpec spec, int attempt, Action... before) {
    Container planned = Container.planned(freshKey, spec, now);
    Action first = spec.deploy().isAfter() ? create(planned) : new Action.Pull(planned.key(), spec);
    return Transition.to(new WaitNext(stable, planned, null, null, attempt), with(before, first));
  }

  Transition retry(ServiceSpec spec, int failures, String error, Action... cleanup) {
    return retry(spec, failures, error, Restarts.NONE, List.of(cleanup));
  }

  private Transition retry(ServiceSpec spec, int failures, String error, Restarts restarts, List<Action> cleanup) {
    return Transition.to(new TryAgain(spec, now.plus(Backoff.DEPLOY.afterFailures(failures)), failures, error,
        restarts), cleanup);
  }

  Transition retryNext(Container stable, ServiceSpec spec, int failures, String error,
                       Action... cleanup) {
    return retryNext(stable, spec, failures, error, List.of(cleanup));
  }

  private Transition retryNext(Container stable, ServiceSpec spec, int failures, String error,
                               List<Action> cleanup) {
    Instant at = now.plus(Backoff.DEPLOY.afterFailures(failures));
    return Transition.to(new TryAgainNext(stable, spec, at, failures, error), cleanup);
  }

  Instant deadlineFrom(Instant existing, Container waited) {
    return existing != null ? existing : now.plusSeconds(waited.spec().healthTimeoutSeconds());
  }

  Transition waitedHealthFor(Wait w, Health health, String detail) {
    return waitedHealth(w, health, detail);
  }

  Transition nextHealthFor(WaitNext w, Health health, String detail) {
    return nextHealth(w, health, detail);
  }

  private boolean isDue(Instant deadline) {
    return deadline != null && !now.isBefore(deadline);
  }

  private static boolean isPlanned(Snapshot s, String key) {
    return s.containers().stream().anyMatch(c -> c.id() == null && c.key().equals(key));
  }

  private static Create create(Container planned) {
    return new Create(planned.key(), planned.name(), planned.spec());
  }

  private static List<Action> with(Action[] before, Action last) {
    List<Action> all = new ArrayList<>(List.of(before));
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
      default -> "container is " + health.name().toLowerCase();
    };
    return detail == null || detail.isBlank() ? what : what + ": " + detail;
  }
}
