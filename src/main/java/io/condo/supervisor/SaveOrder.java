package io.condo.supervisor;

import io.condo.bus.Addresses;
import io.condo.bus.PersistedState;
import io.condo.bus.PersistenceRequest;
import io.condo.bus.Requests;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisor's saves, numbered: a step queued after save n runs once save n is on disk, so a
 * crash between the two never leaves a container nobody knows about. A failed save is logged and
 * the steps keep waiting for one that succeeds.
 */
final class SaveOrder {

  private static final Logger LOG = LoggerFactory.getLogger(SupervisorVerticle.class);
  /** A save is answered only once on disk, however long a failing disk takes to come back. */
  private static final DeliveryOptions DURABLE_DELIVERY = new DeliveryOptions().setSendTimeout(
      Duration.ofDays(365).toMillis());

  private final Vertx vertx;
  private final Supplier<PersistedState> state;
  private final Runnable durable;
  private long requested;
  private long onDisk;

  /**
   * @param state every snapshot as it stands, read when a save is asked for
   * @param durable told each time a newer save is on disk
   */
  SaveOrder(Vertx vertx, Supplier<PersistedState> state, Runnable durable) {
    this.vertx = vertx;
    this.state = state;
    this.durable = durable;
  }

  /** The number of the newest save asked for: what a step queued now waits for. */
  long requested() {
    return requested;
  }

  /** The number of the newest save on disk. */
  long onDisk() {
    return onDisk;
  }

  void save() {
    long generation = ++requested;
    Requests.ask(vertx.eventBus(), Addresses.STATE_SAVE, new PersistenceRequest.SaveState(state.get()), DURABLE_DELIVERY)
        .onSuccess(saved -> {
          onDisk = Math.max(onDisk, generation);
          durable.run();
        })
        .onFailure(e -> LOG.error("the state was not saved ({}); Docker work waits for a save that succeeds",
            ActionExecutor.message(e)));
  }
}
