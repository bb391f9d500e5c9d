package io.condo.supervisor;

import io.condo.bus.ServiceStatus;
import io.condo.bus.StopAll;
import io.condo.bus.ServiceTransition;
import io.condo.bus.InstanceState;
import io.condo.bus.StateQuery;
import io.condo.bus.Addresses;
import io.condo.bus.Requests;
import io.condo.bus.ContainerEvent;
import io.condo.bus.CredentialsChanged;
import io.condo.bus.DeploysSwitch;
import io.condo.bus.DockerCommand;
import io.condo.bus.DockerReply;
import io.condo.fsm.Action;
import io.condo.fsm.Container;
import io.condo.fsm.Event;
import io.condo.fsm.Health;
import io.condo.fsm.Reason;
import io.condo.fsm.Snapshot;
import io.condo.fsm.StateMachine;
import io.condo.fsm.Transition;
import io.condo.bus.PersistedState;
import io.condo.plan.StartPlan;
import io.condo.bus.PersistenceRequest;
import io.condo.bus.StateFileHealth;
import io.condo.bus.SpecFileEvent;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one owner of every service's snapshot, written as a controller's sync loop: each input
 * (a spec file, a Docker event, a timer, the answer to a Docker call) becomes an event for one
 * service; {@link #next} gives it to the pure {@link StateMachine}, saves the snapshot and queues
 * the actions; {@link #sync} runs whatever the service's {@link WorkQueue} allows now. What waits
 * for what (a save, leftovers' removal, the previous step) is data in that queue, not a chain of
 * futures. Start-up is the restart row of SPEC §3 and is {@link StartPlan}'s to decide.
 */
public final class SupervisorVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SupervisorVerticle.class);
  /** Docker steps have their own timeouts; this only bounds a lost reply. */
  private static final DeliveryOptions DOCKER_DELIVERY = new DeliveryOptions().setSendTimeout(
      Duration.ofMinutes(20).toMillis());

  /** A save is answered only once on disk, however long a failing disk takes to come back. */
  private static final DeliveryOptions DURABLE_DELIVERY = new DeliveryOptions().setSendTimeout(
      Duration.ofDays(365).toMillis());

  private final String host;
  private final Clock clock;
  private final Map<String, ServiceRuntime> services = new HashMap<>();
  private final RemovalsFirst removalsFirst = new RemovalsFirst();
  private LeftoverSweep leftovers;
  private ActionExecutor executor;
  private RolloutGate rollouts;
  private String instanceId;
  /** Saves are numbered; a step runs once the save it follows is on disk. */
  private long requestedSave;
  private long durableSave;
  private Long reconcileTimer;
  private final DockerWorkPause pause = new DockerWorkPause();
  private String stateFileError;
  private boolean streamConnectedBefore;
  /** Containers held back at start until the first reading of the spec files (see reclaim). */
  private final Map<String, List<DockerReply.ContainerStatus>> heldBack = new HashMap<>();

  public SupervisorVerticle(String host, Clock clock) {
    this.host = host;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    leftovers = new LeftoverSweep(vertx, this::docker,
        owned -> StartPlan.orphans(snapshots().values(), heldBack, owned));
    executor = new ActionExecutor(this::docker, leftovers::sweepSoon);
    rollouts = new RolloutGate(vertx, (service, spec) -> next(runtime(service), new Event.SpecChanged(spec)),
        (service, text) -> {
          ServiceRuntime rt = runtime(service);
          rt.rollout = text;
          publish(rt, rt.snapshot.stateName(), Reason.SPEC);
        });
    var bus = vertx.eventBus();
    return Requests.ask(bus, Addresses.STATE_LOAD, new PersistenceRequest.LoadState())
        .compose(loaded -> {
          instanceId = loaded.instanceId();
          loaded.services().forEach((name, record) ->
              services.put(name, new ServiceRuntime(name, record.snapshot(), record.file())));
          return docker(new DockerCommand.ListOwned());
        })
        .compose(owned -> {
          adoptAll(owned.containers());
          return Future.all(List.of(
              bus.<SpecFileEvent>localConsumer(Addresses.SPEC_EVENTS, m -> onSpecEvent(m.body())).completion(),
              bus.<ContainerEvent>localConsumer(Addresses.CONTAINER_EVENTS, m -> onContainerEvent(m.body()))
                  .completion(),
              Requests.answerNow(bus, Addresses.STATE_QUERY, (StateQuery query) -> instanceState()),
              Requests.answer(bus, Addresses.STOP_ALL, (StopAll stop) -> executor.stopAll(snapshots())),
              Requests.answer(bus, Addresses.DEPLOYS, (DeploysSwitch change) -> change.pause() ? pause() : resume()),
              bus.<CredentialsChanged>localConsumer(Addresses.CREDENTIALS_CHANGED, m -> retryNow()).completion(),
              bus.<StateFileHealth>localConsumer(Addresses.STATE_FILE_HEALTH, m -> stateFileError = m.body().error())
                  .completion()));
        });
  }

  // --- run: every input becomes an event for one service ------------------------------------------

  private void onSpecEvent(SpecFileEvent event) {
    if (event instanceof SpecFileEvent.SpecsListed listed) {
      reclaim(listed);
      Set<String> present = new HashSet<>();
      listed.present().forEach(e -> present.add(e.service()));
      for (ServiceRuntime rt : List.copyOf(services.values())) {
        if (!present.contains(rt.name)) {
          onSpecEvent(new SpecFileEvent.SpecRemoved(rt.name, null));
        }
      }
      listed.present().forEach(this::onSpecEvent);
    } else if (event instanceof SpecFileEvent.SpecUpdated updated) {
      ServiceRuntime rt = runtime(updated.service());
      rt.file = updated.file().toString();
      rt.fileError = null;
      if (!rollouts.holdsBack(rt.name, rt.snapshot, updated.spec())) {
        next(rt, new Event.SpecChanged(updated.spec()));
      }
    } else if (event instanceof SpecFileEvent.SpecInvalid invalid) {
      ServiceRuntime rt = runtime(invalid.service());
      rt.file = invalid.file().toString();
      rt.fileError = invalid.error();
      publish(rt, rt.snapshot.stateName(), Reason.SPEC);
    } else if (event instanceof SpecFileEvent.SpecRemoved removed) {
      ServiceRuntime rt = services.get(removed.service());
      if (rt != null) {
        rt.file = null;
        rt.fileError = null;
        rollouts.removed(rt.name);
        next(rt, new Event.SpecDeleted());
      }
    }
  }

  private void onContainerEvent(ContainerEvent event) {
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
      ServiceRuntime rt = services.get(started.service());
      if (rt != null) {
        inspect(rt, started.id());
      }
    } else if (event instanceof ContainerEvent.HealthChanged changed) {
      ServiceRuntime rt = services.get(changed.service());
      if (rt == null) {
        return;
      }
      if (changed.health() == Health.UNHEALTHY) {
        inspect(rt, changed.id()); // the inspect carries the probe's own output
      } else {
        next(rt, new Event.Observed(changed.id(), changed.health(), changed.detail()));
      }
    }
  }

  private void retryNow() {
    List.copyOf(services.values()).forEach(rt -> next(rt, new Event.RetryNow()));
  }

  // --- next: event → state machine → save → queued actions ------------------------------------------

  private void next(ServiceRuntime rt, Event event) {
    Snapshot before = rt.snapshot;
    Transition t = StateMachine.next(before, event, clock.instant(), ContainerKeys.fresh(rt.name));
    rt.snapshot = t.snapshot();
    if (!t.snapshot().equals(before)) {
      TransitionLog.log(rt.name, before, t.snapshot());
      publish(rt, before.stateName(), Reason.of(event, before, t.snapshot()));
      save();
    }
    // Invariant: actions run only after the snapshot that explains them is on disk, so a crash
    // between the two never leaves a container nobody knows about. An unchanged snapshot's
    // actions still wait for the newest save, behind the actions queued before them.
    rt.work.add(t.actions(), requestedSave);
    schedule(rt);
    sync(rt);
  }

  // --- sync: run the step the service's queue allows now ----------------------------------------------

  private void sync(ServiceRuntime rt) {
    if (pause.held()) {
      answerPausesOnceIdle();
      return;
    }
    Action action = rt.work.take(durableSave, removalsFirst.blocks(rt.name));
    if (action == null) {
      forgetIfDone(rt);
      return;
    }
    executor.execute(rt.name, action).onComplete(answer -> {
      rt.work.done();
      if (answer.result() != null) {
        next(rt, answer.result());
      } else {
        sync(rt);
      }
    });
  }

  // --- pause and resume: Docker work held while another Condo takes over -------------------------

  private Future<DeploysSwitch.Done> pause() {
    Future<DeploysSwitch.Done> idle = pause.hold();
    answerPausesOnceIdle();
    return idle;
  }

  private void answerPausesOnceIdle() {
    if (services.values().stream().noneMatch(rt -> rt.work.isRunning())) {
      pause.idle();
    }
  }

  private Future<DeploysSwitch.Done> resume() {
    pause.release();
    List.copyOf(services.values()).forEach(this::sync);
    return Future.succeededFuture(new DeploysSwitch.Done());
  }

  // --- start: adopt what runs, remove what nobody owns ----------------------------------------------

  private void adoptAll(List<DockerReply.ContainerStatus> owned) {
    StartPlan.Adoption plan = StartPlan.adopt(snapshots(), owned);
    heldBack.putAll(plan.heldBack());
    // Orphans go first: a service's own work (say, the create of a Before deploy interrupted by
    // the crash) waits until its leftover containers are gone, so old and new never run together;
    // so does a service the state does not know (an unreadable state file), once its file is read.
    removeFirst(plan.orphans(), plan.orphans());
    plan.adopt().forEach((service, adopt) -> next(services.get(service), adopt));
    LOG.info("instance {} on {}: adopted {} services, {} containers", instanceId, host, services.size(),
        owned.size());
  }

  /** With the spec files read for the first time: see {@link StartPlan#reclaim}. */
  private void reclaim(SpecFileEvent.SpecsListed listed) {
    StartPlan.Reclaiming plan = StartPlan.reclaim(heldBack, services.keySet(), listed.present(), clock.instant());
    heldBack.clear();
    removeFirst(plan.removals(), plan.removals().stream().filter(r -> plan.waiting().contains(r.service())).toList());
    plan.reclaim().forEach((service, event) -> {
      ServiceRuntime rt = runtime(service);
      rt.file = plan.files().get(service);
      LOG.info("{}: took back its running container {}, made from the spec its file holds", service,
          Container.shortId(event.container().id()));
      next(rt, event);
    });
  }

  /** Removes the leftovers; the services of {@code waitedFor} do no Docker work of their own until theirs are gone. */
  private void removeFirst(List<StartPlan.Removal> removals, List<StartPlan.Removal> waitedFor) {
    waitedFor.forEach(removalsFirst::await);
    leftovers.remove(removals, removal -> {
      removalsFirst.settled(removal);
      ServiceRuntime rt = services.get(String.valueOf(removal.service()));
      if (rt != null) {
        sync(rt);
      }
    });
  }

  private Map<String, Snapshot> snapshots() {
    Map<String, Snapshot> snapshots = new HashMap<>();
    services.forEach((name, rt) -> snapshots.put(name, rt.snapshot));
    return snapshots;
  }

  // --- queries and stop-all ------------------------------------------------------------------------

  private InstanceState instanceState() {
    TreeMap<String, ServiceStatus> view = new TreeMap<>();
    services.forEach((name, rt) -> view.put(name, rt.status()));
    return new InstanceState(instanceId, host, view, stateFileError);
  }

  // --- Docker's word, timers, forgetting --------------------------------------------------------------

  /**
   * Re-reads every container a snapshot holds and sweeps orphans; when Docker does not answer an
   * inspect (still settling after a restart), the whole round is repeated shortly, as a missed
   * "die" would otherwise leave a dead container reported Stable.
   */
  private void reconcile() {
    List<Future<Event>> reads = new ArrayList<>();
    for (ServiceRuntime rt : List.copyOf(services.values())) {
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
        next(rt, event);
      }
    });
  }

  private void schedule(ServiceRuntime rt) {
    if (rt.timerId >= 0) {
      vertx.cancelTimer(rt.timerId);
      rt.timerId = -1;
    }
    Instant deadline = rt.snapshot.deadline();
    if (deadline != null) {
      long delay = Math.max(1, Duration.between(clock.instant(), deadline).toMillis() + 1);
      rt.timerId = vertx.setTimer(delay, id -> {
        rt.timerId = -1;
        next(rt, new Event.Tick());
      });
    }
  }

  /** Only once its Docker work is done, so a re-added spec never races the removals before it. */
  private void forgetIfDone(ServiceRuntime rt) {
    if (rt.isForgettable() && services.remove(rt.name, rt)) {
      if (rt.timerId >= 0) {
        vertx.cancelTimer(rt.timerId);
      }
      publish(rt, rt.snapshot.stateName(), Reason.SPEC);
      save();
    }
  }

  // --- effects -----------------------------------------------------------------------------------

  private ServiceRuntime runtime(String name) {
    return services.computeIfAbsent(name, n -> new ServiceRuntime(n, new Snapshot.Init(), null));
  }

  /** Saves every snapshot; once on disk, the steps that waited for it may run. */
  private void save() {
    long generation = ++requestedSave;
    Map<String, PersistedState.ServiceRecord> records = new HashMap<>();
    services.forEach((name, rt) -> records.put(name, new PersistedState.ServiceRecord(rt.snapshot, rt.file)));
    Requests.ask(vertx.eventBus(), Addresses.STATE_SAVE,
            new PersistenceRequest.SaveState(new PersistedState(instanceId, records)), DURABLE_DELIVERY)
        .onSuccess(saved -> {
          durableSave = Math.max(durableSave, generation);
          List.copyOf(services.values()).stream().filter(rt -> rt.work.hasWaitingSteps()).forEach(this::sync);
        })
        .onFailure(e -> LOG.error("the state was not saved ({}); Docker work waits for a save that succeeds",
            ActionExecutor.message(e)));
  }

  private void publish(ServiceRuntime rt, String from, Reason reason) {
    ServiceStatus status = services.get(rt.name) == rt ? rt.status() : null;
    vertx.eventBus().publish(Addresses.TRANSITIONS,
        new ServiceTransition(instanceId, rt.name, from, status, clock.instant(), reason.label()));
  }

  private <R extends DockerReply> Future<R> docker(DockerCommand<R> command) {
    return Requests.ask(vertx.eventBus(), command.address(), command, DOCKER_DELIVERY);
  }
}
