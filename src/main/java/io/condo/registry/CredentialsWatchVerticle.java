package io.condo.registry;

import io.condo.bus.Addresses;
import io.condo.bus.CredentialsChanged;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the supervisor when the Docker client config is written (a {@code docker login}, an
 * operator's fix), so a deploy that failed for credentials tries again now rather than after its
 * back-off. Pulls read the file afresh anyway; this only makes them come sooner. Watches the
 * file's directory, as editors and {@code docker login} replace the file by renaming.
 */
public final class CredentialsWatchVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(CredentialsWatchVerticle.class);

  private final Path file;
  private WatchService watcher;

  public CredentialsWatchVerticle(Path file) {
    this.file = file.toAbsolutePath();
  }

  @Override
  public Future<?> start() {
    Path dir = file.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      LOG.info("{} does not exist: registry credentials are read at each pull, not watched", dir);
      return Future.succeededFuture();
    }
    try {
      watcher = FileSystems.getDefault().newWatchService();
      dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
          StandardWatchEventKinds.ENTRY_DELETE);
    } catch (IOException e) {
      LOG.warn("cannot watch {} ({}): registry credentials are read at each pull", dir, e.getMessage());
      return Future.succeededFuture();
    }
    Thread thread = new Thread(this::watch, "condo-credentials-watch");
    thread.setDaemon(true);
    thread.start();
    return Future.succeededFuture();
  }

  private void watch() {
    try {
      while (true) {
        WatchKey key = watcher.take();
        boolean ours = false;
        for (WatchEvent<?> event : key.pollEvents()) {
          ours |= event.kind() == StandardWatchEventKinds.OVERFLOW
              || file.getFileName().equals(event.context());
        }
        key.reset();
        if (ours) {
          LOG.info("{} changed: deploys waiting to retry try again now", file);
          vertx.eventBus().publish(Addresses.CREDENTIALS_CHANGED, new CredentialsChanged());
        }
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // stopped
    }
  }

  @Override
  public Future<?> stop() throws IOException {
    if (watcher != null) {
      watcher.close();
    }
    return Future.succeededFuture();
  }
}
