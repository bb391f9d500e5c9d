package io.condo.fsm;

import io.condo.fsm.Event.Observed;
import io.condo.fsm.Event.Started;
import java.util.Locale;

/**
 * Why a service changed, as its transition events say it: the file ({@code spec}), Docker's word
 * on a container ({@code health}, {@code exit}, {@code unhealthy}), or Condo acting on its own
 * ({@code rollback}, {@code restart}: a retry or a replacement coming due).
 */
public enum Reason {
  SPEC, HEALTH, EXIT, UNHEALTHY, ROLLBACK, RESTART;

  /** As the events write it. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether {@code text} is a reason as events write it. */
  public static boolean isLabel(Object text) {
    for (Reason reason : values()) {
      if (reason.label().equals(text)) {
        return true;
      }
    }
    return false;
  }

  /** Why {@code event} took the service from {@code from} to {@code to}. */
  public static Reason of(Event event, Snapshot from, Snapshot to) {
    if (event instanceof Event.SpecChanged || event instanceof Event.SpecDeleted) {
      return SPEC;
    }
    if (to.rolledBack() != null && !to.rolledBack().equals(from.rolledBack())) {
      return ROLLBACK;
    }
    if (event instanceof Event.RetryNow) {
      return RESTART;
    }
    if (event instanceof Event.Tick) {
      return onTick(from);
    }
    Health health = event instanceof Observed observed ? observed.health()
        : event instanceof Started started ? started.health() : null;
    if (health == Health.UNHEALTHY) {
      return UNHEALTHY;
    }
    if (health != null && health.isFailure()) {
      return EXIT;
    }
    return HEALTH;
  }

  /** A deadline came due: a retry, an unhealthy container's replacement, or a health wait's end. */
  private static Reason onTick(Snapshot from) {
    if (from instanceof Snapshot.TryAgain || from instanceof Snapshot.TryAgainNext) {
      return RESTART;
    }
    if (from instanceof Snapshot.Stable) {
      return UNHEALTHY;
    }
    if (from instanceof Snapshot.WaitNext w && w.retireAt() != null) {
      return HEALTH;
    }
    return UNHEALTHY;
  }
}
