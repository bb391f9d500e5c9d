package io.condo.supervisor;

import io.condo.bus.ServiceStatus;
import io.condo.fsm.Snapshot;

/**
 * The supervisor's book-keeping for one service. Only the supervisor's event loop touches it, so
 * every transition of a service has one owner and Docker work for it runs one step at a time.
 */
final class ServiceRuntime {

  final String name;
  Snapshot snapshot;
  String file;
  String fileError;
  /** Held back by a fleet rollout: whom it waits for, or what stopped it; else null. */
  String rollout;
  final WorkQueue work = new WorkQueue();
  long timerId = -1;

  ServiceRuntime(String name, Snapshot snapshot, String file) {
    this.name = name;
    this.snapshot = snapshot;
    this.file = file;
  }

  ServiceStatus status() {
    return new ServiceStatus(snapshot, file, fileError, rollout);
  }

  boolean isForgettable() {
    return snapshot instanceof Snapshot.Init && file == null && work.isIdle();
  }
}
