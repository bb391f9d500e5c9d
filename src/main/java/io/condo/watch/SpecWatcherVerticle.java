package io.condo.watch;

import io.condo.bus.Addresses;
import io.condo.bus.SpecFileEvent;
import io.condo.spec.SpecFileNames;
import io.condo.bus.SpecFileEvent.SpecRemoved;
import io.condo.bus.SpecFileEvent.SpecsListed;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.time.Clock;

/**
 * Watches the prefixes: inotify (through Java's WatchService) for speed, a periodic re-list as
 * the safety net for lost events, a short debounce so a burst of writes is one change. Only a
 * change of a file's bytes is re-parsed; the first prefix that has {@code <name>.edn} owns the
 * service, a second one is a conflict that is reported, not deployed.
 */
public final class SpecWatcherVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SpecWatcherVerticle.class);
  private static final long MAX_DEBOUNCE_MILLIS = 250;

  private final List<Path> prefixes;
  private final Duration debounce;
  private final Duration relist;
  private final Clock clock;
  /** Touched only inside ordered blocking scans. */
  private final PrefixScan prefixScan;
  private final Set<String> reported = new HashSet<>();
  private final Set<Path> watched = new HashSet<>();
  private final Map<String, Long> debounceTimers = new HashMap<>();
  private final Map<String, Long> firstChangeAt = new HashMap<>();
  private WatchService watchService;
  private Thread watchThread;
  private Context context;

  public SpecWatcherVerticle(List<Path> prefixes, Duration debounce, Duration relist, Clock clock) {
    this.clock = clock;
    this.prefixes = prefixes.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    this.debounce = debounce;
    this.relist = relist;
    this.prefixScan = new PrefixScan(this.prefixes);
  }

  @Override
  public Future<?> start() throws IOException {
    context = vertx.getOrCreateContext();
    watchService = FileSystems.getDefault().newWatchService();
    return vertx.executeBlocking(() -> {
      registerPrefixes();
      List<SpecFileEvent> present = new ArrayList<>();
      for (SpecFileEvent e : prefixScan.evaluate(prefixScan.allNames(), true)) {
        if (e.service().equals(SpecFileNames.SELF)) {
          send(e);
        } else if (!(e instanceof SpecRemoved)) {
          present.add(e);
        }
      }
      vertx.eventBus().send(Addresses.SPEC_EVENTS, new SpecsListed(present));
      LOG.info("watching {} ({} spec files)", prefixes, present.size());
      return null;
    }).onSuccess(v -> {
      watchThread = new Thread(this::watchLoop, "condo-spec-watch");
      watchThread.setDaemon(true);
      watchThread.start();
      vertx.setPeriodic(relist.toMillis(), id -> scan(null, false));
    });
  }

  @Override
  public Future<?> stop() throws IOException {
    watchService.close();
    return Future.succeededFuture();
  }

  // --- inotify -----------------------------------------------------------------------------------

  private void watchLoop() {
    try {
      while (true) {
        WatchKey key = watchService.take();
        for (WatchEvent<?> event : key.pollEvents()) {
          if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
            context.runOnContext(v -> scan(null, true));
          } else if (event.context() instanceof Path changed) {
            SpecFileNames.watchedName(changed.getFileName().toString())
                .ifPresent(name -> context.runOnContext(v -> changed(name)));
          }
        }
        if (!key.reset()) {
          context.runOnContext(v -> scan(null, true));
        }
      }
    } catch (ClosedWatchServiceException | InterruptedException e) {
      // stopping
    }
  }

  /** Debounce: evaluate once the file has been quiet a moment, but never wait too long. */
  private void changed(String name) {
    long now = clock.millis();
    long first = firstChangeAt.computeIfAbsent(name, n -> now);
    Long timer = debounceTimers.remove(name);
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
    long delay = now - first >= MAX_DEBOUNCE_MILLIS ? 1 : debounce.toMillis();
    debounceTimers.put(name, vertx.setTimer(Math.max(1, delay), id -> {
      debounceTimers.remove(name);
      firstChangeAt.remove(name);
      scan(Set.of(name), true);
    }));
  }

  // --- scanning ----------------------------------------------------------------------------------

  /**
   * Re-reads the named services (all when null) and sends what changed. The periodic safety-net
   * re-list ({@code read} false) reads a file only when its size or times changed.
   */
  private void scan(Set<String> names, boolean read) {
    vertx.executeBlocking(() -> {
      if (names == null) {
        registerPrefixes();
      }
      prefixScan.evaluate(names == null ? prefixScan.allNames() : names, read).forEach(this::send);
      return null;
    }, true).onFailure(e -> LOG.error("scanning spec files failed", e));
  }

  /** Services' files to the supervisor; {@code self.edn} to the self-deploy, published (nobody may listen). */
  private void send(SpecFileEvent event) {
    if (event.service().equals(SpecFileNames.SELF)) {
      vertx.eventBus().publish(Addresses.SELF_SPEC, event);
    } else {
      vertx.eventBus().send(Addresses.SPEC_EVENTS, event);
    }
  }

  private void registerPrefixes() {
    for (Path prefix : prefixes) {
      if (watched.contains(prefix)) {
        continue;
      }
      try {
        prefix.register(watchService, StandardWatchEventKinds.ENTRY_CREATE,
            StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
        watched.add(prefix);
        reported.remove("missing:" + prefix);
      } catch (IOException e) {
        if (reported.add("missing:" + prefix)) {
          LOG.warn("cannot watch {} ({}); it is re-checked every {} s", prefix, e.getMessage(),
              relist.toSeconds());
        }
      }
    }
  }
}
