package io.condo.bus;

import io.condo.fsm.Health;

/** Docker's event stream, reduced to what the supervisor needs. */
public sealed interface ContainerEvent {

  record HealthChanged(String id, String service, Health health, String detail)
      implements ContainerEvent {
  }

  /** The container (re)started; its health is known only after an inspect. */
  record ContainerStarted(String id, String service) implements ContainerEvent {
  }

  /** The stream (re)connected: events may have been missed, so current containers are re-read. */
  record StreamConnected() implements ContainerEvent {
  }
}
