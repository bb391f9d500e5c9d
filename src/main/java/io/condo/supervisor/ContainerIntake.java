package io.condo.supervisor;

import io.condo.bus.ContainerEvent;
import io.condo.fsm.Container;
import io.condo.fsm.Event;
import io.condo.fsm.Health;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/**
 * Docker's word, as events for one service each: a container started or its health changed is
 * inspected or applied; a reconnected event stream means events may have been missed, so every
 * container a snapshot holds is read again and what a failed removal left is swept.
 */
final class ContainerIntake {

  private final Vertx vertx;
  private final ServiceLoop loop;
  private final ActionExecutor executor;
  private final LeftoverSweep leftovers;
  private Long reconcileTimer;
  private boolean streamConnectedBefore;

  ContainerIntake(Vertx vertx, ServiceLoop loop, ActionExecutor executor, LeftoverSweep leftovers) {
    this.vertx = vertx;
    this.loop = loop;
    this.executor = executor;
    this.leftovers = leftovers;
  }

  void on(ContainerEvent event) {
    if (event instanceof ContainerEvent.StreamConnected) {
      // Events may have been missed while disconnected: re-read every container we hold, and
      // remove what a removal that failed meanwhile left behind.
      reconcile();
      if (streamConnectedBefore) {
        // Docker is back: retries waiting out a back-off (most likely Docker's own absence) go now.
        retryNow();
      }
      streamConnectedBefore = true;
    } else if (event instanceof ContainerEvent.ContainerStarted started) {
      ServiceRuntime rt = loop.existing(started.service());
      if (rt != null) {
        inspect(rt, started.id());
      }
    } else if (event instanceof ContainerEvent.HealthChanged changed) {
      ServiceRuntime rt = loop.existing(changed.service());
      if (rt == null) {
        return;
      }
      if (changed.health() == Health.UNHEALTHY) {
        inspect(rt, changed.id()); // the inspect carries the probe's own output
      } else {
        loop.next(rt, new Event.Observed(changed.id(), changed.health(), changed.detail()));
      }
    }
  }

  /** Retries waiting out a back-off go now (Docker back, credentials changed). */
  void retryNow() {
    List.copyOf(loop.snapshots().keySet()).forEach(name -> loop.next(loop.existing(name), new Event.RetryNow()));
  }

  /**
   * Re-reads every container a snapshot holds and sweeps orphans; when Docker does not answer an
   * inspect (still settling after a restart), the whole round is repeated shortly, as a missed
   * "die" would otherwise leave a dead container reported Stable.
   */
  private void reconcile() {
    List<Future<Event>> reads = new ArrayList<>();
    for (String name : List.copyOf(loop.snapshots().keySet())) {
      ServiceRuntime rt = loop.existing(name);
      for (Container c : rt.snapshot.containers()) {
        if (c.id() != null) {
          reads.add(inspect(rt, c.id()));
        }
      }
    }
    Future.all(reads).onSuccess(all -> {
      if (reads.stream().anyMatch(read -> read.result() == null) && reconcileTimer == null) {
        reconcileTimer = vertx.setTimer(LeftoverSweep.RETRY.toMillis(), id -> {
          reconcileTimer = null;
          reconcile();
        });
      }
    });
    leftovers.sweep();
  }

  /** Docker's word on the container, applied to its service; the event is null when Docker did not answer. */
  private Future<Event> inspect(ServiceRuntime rt, String id) {
    return executor.observe(id).onSuccess(event -> {
      if (event != null) {
        loop.next(rt, event);
      }
    });
  }
}
