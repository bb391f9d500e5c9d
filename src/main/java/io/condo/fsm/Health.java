package io.condo.fsm;

/** What Docker says about a container, reduced to what the state machine decides on. */
public enum Health {
  /** Created and never started. */
  CREATED,
  /** Running, health check still starting. */
  STARTING,
  /** Health check passed, or running and the container has no health check. */
  HEALTHY,
  UNHEALTHY,
  /** Not running any more: exited or dead. */
  EXITED,
  /**
   * Stopped by a signal somebody sent it ({@code docker stop}, {@code docker kill}): an operator's
   * act, reported and left alone, never revived.
   */
  STOPPED,
  /** Docker no longer knows the container. */
  GONE;

  public boolean isFailure() {
    return this == UNHEALTHY || this == EXITED || this == STOPPED || this == GONE;
  }
}
