package io.condo.fsm;

import io.condo.spec.ServiceSpec;
import java.time.Instant;

/**
 * What Condo did to a service on its own since its spec file last changed: the replacements of its
 * container ({@code restarts}) and a rollback ({@code rolledBack}, null when none). A new spec
 * starts afresh; a file back at the spec that runs ends the rollback.
 */
public record Recovery(Restarts restarts, RolledBack rolledBack) {

  public static final Recovery NONE = new Recovery(Restarts.NONE, null);

  public Recovery {
    restarts = restarts == null ? Restarts.NONE : restarts;
  }

  /** One more replacement of a container that had been Stable since {@code stableSince}. */
  Recovery afterCrash(Instant stableSince, Instant now) {
    return new Recovery(restarts.afterCrash(stableSince, now), rolledBack);
  }

  /** Condo gave up on {@code failed} and went back: the rollback's own record starts afresh. */
  static Recovery rolledBackFrom(ServiceSpec failed, String error, Instant now) {
    return new Recovery(Restarts.NONE, new RolledBack(failed, error, now));
  }

  /** The file holds the spec that runs again: there is no rollback to show any more. */
  Recovery settled() {
    return rolledBack == null ? this : new Recovery(restarts, null);
  }

  /** Whether {@code spec} is a spec Condo rolled back from, unchanged: it is not tried again. */
  boolean refuses(ServiceSpec spec) {
    return rolledBack != null && rolledBack.refuses(spec);
  }
}
