package io.condo.fsm;

import io.condo.spec.ServiceSpec;

/** Docker work the state machine asks for; each maps to one step of the Docker worker. */
public sealed interface Action {

  /** Pull the image if needed and create the container (not started). */
  record Create(String key, String name, ServiceSpec spec) implements Action {
  }

  /**
   * Make the planned container's image present, nothing else: the step of a Before deploy taken
   * while the old container still serves. {@code key} names the planned container.
   */
  record Pull(String key, ServiceSpec spec) implements Action {
  }

  record Start(String id) implements Action {
  }

  /**
   * Stop (SIGTERM, then SIGKILL after stopTimeout) and remove; a missing container is fine. By
   * {@code id} when Docker has answered its create, else by the {@code key} label this instance put
   * on it; never by name, which a container Condo does not own may hold.
   */
  record Remove(String id, String key, int stopTimeoutSeconds) implements Action {
  }

  /** Stops and removes a container a snapshot holds, with its own spec's stop timeout. */
  static Remove remove(Container container) {
    return new Remove(container.id(), container.key(), container.spec().stopTimeoutSeconds());
  }
}
