package io.condo.bus;

/** Requests to the persistence verticle. */
public sealed interface PersistenceRequest extends Request<PersistedState> {

  /** Replies the {@link PersistedState} read at start-up. */
  record LoadState() implements PersistenceRequest {
  }

  /** Replies once a write that includes this state is on disk. */
  record SaveState(PersistedState state) implements PersistenceRequest {
  }
}
