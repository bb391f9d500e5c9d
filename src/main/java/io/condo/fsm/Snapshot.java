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

  /** Replacements of the container without a spec change; kept by the states a restart passes through. */
  default Restarts restarts() {
    return Restarts.NONE;
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

  /** A container started (or being created) and waited on until healthy; attempt counts failures. */
  record Wait(Container current, Instant healthDeadline, int attempt, Restarts restarts) implements Snapshot {
    public Wait {
      restarts = restarts == null ? Restarts.NONE : restarts;
    }

    public Wait(Container current, Instant healthDeadline, int attempt) {
      this(current, healthDeadline, attempt, Restarts.NONE);
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

  record TryAgain(ServiceSpec spec, Instant retryAt, int attempt, String error, Restarts restarts)
      implements Snapshot {
    public TryAgain {
      restarts = restarts == null ? Restarts.NONE : restarts;
    }

    public TryAgain(ServiceSpec spec, Instant retryAt, int attempt, String error) {
      this(spec, retryAt, attempt, error, Restarts.NONE);
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

  /** The service runs; {@code problem} says what Docker reported since (exited, unhealthy). */
  record Stable(Container current, String problem, Restarts restarts) implements Snapshot {
    public Stable {
      restarts = restarts == null ? Restarts.NONE : restarts;
    }

    public Stable(Container current, String problem) {
      this(current, problem, Restarts.NONE);
    }

    public Instant deadline() {
      return null;
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
                  int attempt) implements Snapshot {
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

  record TryAgainNext(Container stable, ServiceSpec spec, Instant retryAt, int attempt, String error)
      implements Snapshot {
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
