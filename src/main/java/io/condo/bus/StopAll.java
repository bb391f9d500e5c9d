package io.condo.bus;

/** Asks the supervisor to stop and remove every container it owns (the opt-in exit behaviour). */
public record StopAll() implements Request<StopAll.Done> {

  /** Every container is stopped and removed, or its removal failed and was logged. */
  public record Done() {
  }
}
