package io.condo.docker;

import io.condo.bus.ContainerEvent;
import io.condo.fsm.Health;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A death after {@code docker stop}'s signal is an operator's stop, unless Docker itself was
 * shutting down: a daemon that stops sends the same TERM to every container, still reporting on
 * the event stream, and then the stream ends. So a stop is told only once the stream has stayed up
 * for {@link #CONFIRM_MILLIS} after it, or as soon as another event of that container comes; if the
 * stream ends first, each stop waiting is told as an exit (a crash, replaced once Docker is back),
 * as Docker's own restart policy treats a daemon's shutdown. Thread-safe: the stream's reader holds
 * and flushes, a timer confirms.
 */
final class PendingStops {

  static final long CONFIRM_MILLIS = 5_000;

  private final Map<String, ContainerEvent.HealthChanged> pending = new LinkedHashMap<>();
  private final Consumer<ContainerEvent> send;

  PendingStops(Consumer<ContainerEvent> send) {
    this.send = send;
  }

  synchronized void hold(ContainerEvent.HealthChanged stopped) {
    pending.put(stopped.id(), stopped);
  }

  /** The stop of {@code id} stands (the stream stayed up, or the container does something else now). */
  synchronized void confirm(String id) {
    ContainerEvent.HealthChanged stopped = pending.remove(id);
    if (stopped != null) {
      send.accept(stopped);
    }
  }

  /** The stream ended: the stops waiting were Docker's own shutdown. */
  synchronized void streamLost() {
    pending.values().forEach(stopped -> send.accept(new ContainerEvent.HealthChanged(stopped.id(), stopped.service(),
        Health.EXITED, "stopped as Docker shut down: " + stopped.detail())));
    pending.clear();
  }
}
