package io.condo.fsm;

import io.condo.spec.ServiceSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one snapshot each service has (SPEC §2). Deadlines live in the snapshot itself, so a timer
 * is only ever "wake me at the snapshot's next deadline" and a stale timer cannot act.
 */
public sealed interface Snapshot {

  /** Every state name the API can show, from the snapshot types themselves. */
  Set<String> NAMES = Arrays.stream(Snapshot.class.getPermittedSubclasses()).map(Class::getSimpleName)
      .collect(Collectors.toUnmodifiableSet());

  /** The name shown in the state API. */
  default String stateName() {
    return getClass().getSimpleName();
  }

  /** When this snapshot next needs a {@link Event.Tick}, or null. */
  Instant deadline();

  /** Every container this snapshot owns, for removal and for orphan detection. */
  List<Container> containers();

  /** The spec the service is heading for: the new one during a deploy, else the current one; null in Init. */
  ServiceSpec desiredSpec();

  /** What Condo did on its own since the file last changed; kept by every state but Init. */
  default Recovery recovery() {
    return Recovery.NONE;
  }

  /** Replacements of the container without a spec change. */
  default Restarts restarts() {
    return recovery().restarts();
  }

  /** The last spec that was Stable, what a rollback goes back to; null when there is none. */
  default ServiceSpec lastGood() {
    return null;
  }

  /** The rollback Condo made, or null. */
  default RolledBack rolledBack() {
    return recovery().rolledBack();
  }

  record Init() implements Snapshot {
    public Instant deadline() {
      return null;
    }

    public ServiceSpec desiredSpec() {
      return null;
    }

    public List<Container> containers() {
      return List.of();
    }
  }

  /**
   * A container started (or being created) and waited on until healthy; attempt counts failures.
   * {@code lastGood} is the last spec that was Stable, what {@code :on-failure [:Rollback n]} goes
   * back to once the old container is gone (null when the service never was Stable).
   */
  record Wait(Container current, Instant healthDeadline, int attempt, Recovery recovery, ServiceSpec lastGood)
      implements Snapshot {
    public Wait {
      recovery = recovery == null ? Recovery.NONE : recovery;
    }

    public Wait(Container current, Instant healthDeadline, int attempt) {
      this(current, healthDeadline, attempt, Recovery.NONE, null);
    }

    /** The same wait on {@code container} (its id now known), until {@code deadline}. */
    public Wait with(Container container, Instant deadline) {
      return new Wait(container, deadline, attempt, recovery, lastGood);
    }

    public Instant deadline() {
      return healthDeadline;
    }

    public ServiceSpec desiredSpec() {
      return current.spec();
    }

    public List<Container> containers() {
      return List.of(current);
    }
  }

  /** Nothing runs; {@code spec} is tried again at {@code retryAt}. {@code lastGood} as in {@link Wait}. */
  record TryAgain(ServiceSpec spec, Instant retryAt, int attempt, String error, Recovery recovery,
                  ServiceSpec lastGood) implements Snapshot {
    public TryAgain {
      recovery = recovery == null ? Recovery.NONE : recovery;
    }

    public TryAgain(ServiceSpec spec, Instant retryAt, int attempt, String error) {
      this(spec, retryAt, attempt, error, Recovery.NONE, null);
    }

    public Instant deadline() {
      return retryAt;
    }

    public ServiceSpec desiredSpec() {
      return spec;
    }

    public List<Container> containers() {
      return List.of();
    }
  }

  /**
   * The service runs; {@code problem} says what Docker reported since (exited, unhealthy).
   * {@code replaceAt} is when an unhealthy container is replaced ({@code :on-unhealthy [:Replace s]}),
   * null while none is due.
   */
  record Stable(Container current, String problem, Recovery recovery, Instant replaceAt) implements Snapshot {
    public Stable {
      recovery = recovery == null ? Recovery.NONE : recovery;
    }

    public Stable(Container current, String problem) {
      this(current, problem, Recovery.NONE, null);
    }

    @Override
    public ServiceSpec lastGood() {
      return current.spec();
    }

    public Instant deadline() {
      return replaceAt;
    }

    public ServiceSpec desiredSpec() {
      return current.spec();
    }

    public List<Container> containers() {
      return List.of(current);
    }
  }

  /**
   * After-deploy in progress: {@code stable} serves while {@code next} is waited on; once next is
   * healthy, {@code retireAt} is when stable is stopped.
   */
  record WaitNext(Container stable, Container next, Instant healthDeadline, Instant retireAt,
                  int attempt, Recovery recovery) implements Snapshot {
    public WaitNext {
      recovery = recovery == null ? Recovery.NONE : recovery;
    }

    public WaitNext(Container stable, Container next, Instant healthDeadline, Instant retireAt, int attempt) {
      this(stable, next, healthDeadline, retireAt, attempt, Recovery.NONE);
    }

    @Override
    public ServiceSpec lastGood() {
      return stable.spec();
    }

    /** The same deploy with {@code container} as the new one (its id now known) and these deadlines. */
    public WaitNext with(Container container, Instant deadline, Instant retire) {
      return new WaitNext(stable, container, deadline, retire, attempt, recovery);
    }

    public Instant deadline() {
      return retireAt != null ? retireAt : healthDeadline;
    }

    public ServiceSpec desiredSpec() {
      return next.spec();
    }

    public List<Container> containers() {
      return List.of(stable, next);
    }
  }

  record TryAgainNext(Container stable, ServiceSpec spec, Instant retryAt, int attempt, String error,
                      Recovery recovery) implements Snapshot {
    public TryAgainNext {
      recovery = recovery == null ? Recovery.NONE : recovery;
    }

    public TryAgainNext(Container stable, ServiceSpec spec, Instant retryAt, int attempt, String error) {
      this(stable, spec, retryAt, attempt, error, Recovery.NONE);
    }

    @Override
    public ServiceSpec lastGood() {
      return stable.spec();
    }

    public Instant deadline() {
      return retryAt;
    }

    public ServiceSpec desiredSpec() {
      return spec;
    }

    public List<Container> containers() {
      return List.of(stable);
    }
  }
}
