package io.condo.fsm;

import io.condo.spec.ServiceSpec;
import java.time.Instant;

/**
 * Condo went back to the last spec that was Stable because {@code failed}, the spec the file
 * holds, kept failing ({@code :on-failure [:Rollback n]}). Kept in the state, so the failed spec
 * is not tried again, across restarts and {@code kill -9}, until the file says something else.
 */
public record RolledBack(ServiceSpec failed, String error, Instant at) {

  /** Whether {@code spec} is the failed spec as its file wrote it: then it is not tried again. */
  public boolean refuses(ServiceSpec spec) {
    return failed.sameFileAs(spec);
  }
}
