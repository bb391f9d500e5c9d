package io.condo.supervisor;

import io.condo.fsm.Event;
import io.condo.fsm.Reason;
import io.condo.fsm.Snapshot;
import java.util.Map;

/**
 * The supervisor's loop as its helpers drive it: each input becomes an event for one service
 * ({@link #next}), and a service's queued Docker work runs when its queue allows ({@link #sync}).
 * Everything is called on the supervisor's event loop.
 */
interface ServiceLoop {

  Map<String, Snapshot> snapshots();

  /** The service's runtime, made when it has none. */
  ServiceRuntime runtime(String service);

  /** The service's runtime, or null. */
  ServiceRuntime existing(String service);

  /** The event through the state machine, saved, its actions queued. */
  void next(ServiceRuntime rt, Event event);

  /** Runs the step the service's queue allows now. */
  void sync(ServiceRuntime rt);

  /** Tells the fleet and the streams of a change the state machine did not make (a file's error). */
  void publish(ServiceRuntime rt, String from, Reason reason);
}
