package io.condo.persist;

import io.condo.bus.Requests;
import io.condo.bus.StateFileHealth;
import io.condo.bus.PersistedState;
import io.condo.bus.Addresses;
import io.condo.fsm.Backoff;
import io.condo.bus.PersistenceRequest.LoadState;
import io.condo.bus.PersistenceRequest.SaveState;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the state file. Saves are coalesced: while one write is on its way to disk, later states
 * wait and the newest of them is written next; every request is answered only once a write that
 * includes it is durable. A write that fails (read-only directory, full disk) is retried with
 * back-off until one succeeds, and the requests stay unanswered meanwhile: whoever waits for
 * durability (the supervisor, before touching Docker) waits. The problem is published when it
 * starts and when it ends.
 */
public final class PersistenceVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(PersistenceVerticle.class);

  private final StateFile file;
  private PersistedState loaded;
  private PersistedState pending;
  private List<Promise<Void>> pendingWaiters = new ArrayList<>();
  private boolean writing;
  private String failing;
  private final Backoff.Retries retries = Backoff.STATE_WRITE.retries();

  public PersistenceVerticle(StateFile file) {
    this.file = file;
  }

  /** The state read at start, available once the verticle is deployed. */
  public PersistedState loaded() {
    return loaded;
  }

  @Override
  public Future<?> start() {
    return vertx.executeBlocking(file::load).compose(state -> {
      loaded = state;
      return Future.all(
          Requests.answerNow(vertx.eventBus(), Addresses.STATE_LOAD, (LoadState load) -> loaded),
          Requests.answer(vertx.eventBus(), Addresses.STATE_SAVE, (SaveState save) -> save(save.state())
              .map(written -> save.state())));
    });
  }

  private Future<Void> save(PersistedState state) {
    Promise<Void> written = Promise.promise();
    pending = state;
    pendingWaiters.add(written);
    writeNext();
    return written.future();
  }

  private void writeNext() {
    if (writing || pending == null) {
      return;
    }
    PersistedState state = pending;
    List<Promise<Void>> waiters = pendingWaiters;
    pending = null;
    pendingWaiters = new ArrayList<>();
    writing = true;
    vertx.executeBlocking(() -> {
      file.write(state);
      return null;
    }, true).onComplete(result -> {
      writing = false;
      if (result.succeeded()) {
        recovered();
        waiters.forEach(Promise::complete);
        writeNext();
      } else {
        failed(result.cause());
        if (pending == null) {
          pending = state; // nothing newer arrived: this one is written again
        }
        pendingWaiters.addAll(0, waiters);
        vertx.setTimer(retries.failed().toMillis(), id -> writeNext());
      }
    });
  }

  private void failed(Throwable cause) {
    String error = "cannot write the state file " + file.path() + ": " + describe(cause)
        + "; Docker work waits until it can be written";
    if (!error.equals(failing)) {
      LOG.error(error);
      failing = error;
      vertx.eventBus().publish(Addresses.STATE_FILE_HEALTH, new StateFileHealth(error));
    }
  }

  /** Java's file errors often carry only a path; say what went wrong. */
  static String describe(Throwable cause) {
    if (cause instanceof java.nio.file.AccessDeniedException denied) {
      return "permission denied on " + denied.getFile();
    }
    if (cause instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
      return fs.getReason() + " (" + fs.getFile() + ")";
    }
    return String.valueOf(cause.getMessage());
  }

  private void recovered() {
    retries.succeeded();
    if (failing != null) {
      LOG.info("the state file {} is written again", file.path());
      failing = null;
      vertx.eventBus().publish(Addresses.STATE_FILE_HEALTH, new StateFileHealth(null));
    }
  }
}
