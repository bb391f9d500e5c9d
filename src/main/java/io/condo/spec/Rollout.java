package io.condo.spec;

/**
 * {@code :rollout {:parallel n :pause s}} (SPEC §5a): across the fleet, at most {@code parallel}
 * hosts deploy a new spec of this service at any instant, and a host's turn ends once its new
 * container has been Stable for {@code pauseSeconds}. Absent from a spec: every host deploys on
 * its own.
 */
public record Rollout(int parallel, int pauseSeconds) {

  public static final int MAX_PARALLEL = 1000;
  public static final int MAX_PAUSE_SECONDS = 86_400;

  /** As the spec file writes it. */
  @Override
  public String toString() {
    return "{:parallel " + parallel + " :pause " + pauseSeconds + "}";
  }
}
