package io.condo.supervisor;

import io.condo.bus.Addresses;
import io.condo.docker.ContainerEvent;
import io.condo.docker.DockerCommand;
import io.condo.docker.DockerReply;
import io.condo.fsm.Action;
import io.condo.fsm.Container;
import io.condo.fsm.Event;
import io.condo.fsm.Health;
import io.condo.fsm.Snapshot;
import io.condo.fsm.StateMachine;
import io.condo.fsm.Transition;
import io.condo.persist.PersistedState;
import io.condo.plan.StartPlan;
import io.condo.persist.PersistenceRequest;
import io.condo.persist.StateFileHealth;
import io.condo.spec.SpecFileEvent;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
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
 * The one owner of every service's snapshot. It feeds events to the pure {@link StateMachine},
 * persists the result, and only then hands the resulting actions to the Docker worker, one at a
 * time per service; answers come back as events. Timers are derived from snapshot deadlines.
 *
 * <p>Start-up is the restart row of SPEC §3: read the state, ask Docker what this instance owns,
 * adopt it, remove orphans; then the spec files decide.
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
  private LeftoverSweep leftovers;
  private ActionExecutor executor;
  private String instanceId;
  private Long reconcileTimer;
  private String stateFileError;
  private boolean streamConnectedBefore;
  /** Containers held back at start until the first reading of the spec files (see reclaim). */
  private final Map<String, List<DockerReply.ContainerStatus>> heldBack = new HashMap<>();
  /** Removals of leftovers begun at start, of services the state does not know, until the files are read. */
  private final Map<String, Future<Void>> startRemovals = new HashMap<>();

  public SupervisorVerticle(String host, Clock clock) {
    this.host = host;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    leftovers = new LeftoverSweep(vertx, this::docker,
        owned -> StartPlan.orphans(snapshots().values(), heldBack, owned));
    executor = new ActionExecutor(this::docker, leftovers::sweepSoon);
    return vertx.eventBus().<PersistedState>request(Addresses.STATE_LOAD, new PersistenceRequest.LoadState())
        .compose(loaded -> {
          instanceId = loaded.body().instanceId();
          loaded.body().services().forEach((name, record) ->
              services.put(name, new ServiceRuntime(name, record.snapshot(), record.file())));
          return docker(new DockerCommand.ListOwned());
        })
        .compose(owned -> {
          adoptAll(((DockerReply.OwnedContainers) owned).containers());
          var bus = vertx.eventBus();
          return Future.all(
              bus.<SpecFileEvent>localConsumer(Addresses.SPEC_EVENTS, m -> onSpecEvent(m.body())).completion(),
              bus.<ContainerEvent>localConsumer(Addresses.CONTAINER_EVENTS, m -> onContainerEvent(m.body()))
                  .completion(),
              bus.<StateQuery>localConsumer(Addresses.STATE_QUERY, m -> m.reply(instanceState())).completion(),
              bus.<StopAll>localConsumer(Addresses.STOP_ALL,
                  m -> stopAll().onComplete(done -> m.reply(new StopAll()))).completion(),
              bus.<StateFileHealth>localConsumer(Addresses.STATE_FILE_HEALTH, m -> stateFileError = m.body().error())
                  .completion());
        });
  }

  // --- restart: adopt what runs, remove what nobody owns -------------------------------------------

  private void adoptAll(List<DockerReply.ContainerStatus> owned) {
    StartPlan.Adoption plan = StartPlan.adopt(snapshots(), owned);
    heldBack.putAll(plan.heldBack());
    // Orphans go first: a service's own work (say, the create of a Before deploy interrupted by
    // the crash) waits until its leftover containers are gone, so old and new never run together.
    Map<String, Future<Void>> removals = leftovers.remove(plan.orphans());
    plan.adopt().forEach((service, adopt) -> {
      ServiceRuntime rt = services.get(service);
      rt.ready = removals.getOrDefault(service, Future.succeededFuture()).otherwiseEmpty();
      apply(rt, adopt);
    });
    // A service the state does not know (an unreadable state file) waits for them too, once its file is read.
    removals.forEach((service, removed) -> {
      if (!plan.adopt().containsKey(service)) {
        startRemovals.put(service, removed.otherwiseEmpty());
      }
    });
    LOG.info("instance {} on {}: adopted {} services, {} containers", instanceId, host, services.size(),
        owned.size());
  }

  /** With the spec files read for the first time: see {@link StartPlan#reclaim}. */
  private void reclaim(SpecFileEvent.SpecsListed listed) {
    StartPlan.Reclaiming plan = StartPlan.reclaim(heldBack, services.keySet(), listed.present(), clock.instant());
    heldBack.clear();
    plan.reclaim().forEach((service, event) -> {
      ServiceRuntime rt = runtime(service);
      rt.file = plan.files().get(service);
      LOG.info("{}: took back its running container {}, made from the spec its file holds", service,
          Container.shortId(event.container().id()));
      apply(rt, event);
    });
    leftovers.remove(plan.removals()).forEach((service, removed) -> {
      if (plan.waiting().contains(service)) {
        ServiceRuntime rt = runtime(service);
        rt.ready = rt.ready.transform(previous -> removed).otherwiseEmpty();
      }
    });
  }

  private Map<String, Snapshot> snapshots() {
    Map<String, Snapshot> snapshots = new HashMap<>();
    services.forEach((name, rt) -> snapshots.put(name, rt.snapshot));
    return snapshots;
  }

  // --- inputs ------------------------------------------------------------------------------------

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
      startRemovals.clear();
    } else if (event instanceof SpecFileEvent.SpecUpdated updated) {
      ServiceRuntime rt = runtime(updated.service());
      rt.file = updated.file().toString();
      rt.fileError = null;
      apply(rt, new Event.SpecChanged(updated.spec()));
    } else if (event instanceof SpecFileEvent.SpecInvalid invalid) {
      ServiceRuntime rt = runtime(invalid.service());
      rt.file = invalid.file().toString();
      rt.fileError = invalid.error();
      publish(rt, rt.snapshot.stateName());
    } else if (event instanceof SpecFileEvent.SpecRemoved removed) {
      ServiceRuntime rt = services.get(removed.service());
      if (rt != null) {
        rt.file = null;
        rt.fileError = null;
        apply(rt, new Event.SpecDeleted());
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
        List.copyOf(services.values()).forEach(rt -> apply(rt, new Event.DockerBack()));
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
      if (changed.health() == io.condo.fsm.Health.UNHEALTHY) {
        inspect(rt, changed.id()); // the inspect carries the probe's own output
      } else {
        apply(rt, new Event.Observed(changed.id(), changed.health(), changed.detail()));
      }
    }
  }

  private InstanceState instanceState() {
    TreeMap<String, ServiceStatus> view = new TreeMap<>();
    services.forEach((name, rt) -> view.put(name, rt.status()));
    return new InstanceState(instanceId, host, view, stateFileError);
  }

  private Future<?> stopAll() {
    List<Future<?>> removals = new ArrayList<>();
    for (ServiceRuntime rt : services.values()) {
      for (Container c : rt.snapshot.containers()) {
        LOG.info("{}: stopping {} on exit", rt.name, c.name());
        removals.add(docker(new DockerCommand.RemoveContainer(c.id(), c.key(), c.spec().stopTimeoutSeconds())));
      }
    }
    return Future.join(removals);
  }

  // --- the loop: event → state machine → persist → actions -----------------------------------------

  private void apply(ServiceRuntime rt, Event event) {
    Snapshot before = rt.snapshot;
    Transition t = StateMachine.next(before, event, clock.instant(), ContainerKeys.fresh(rt.name));
    rt.snapshot = t.snapshot();
    boolean changed = !t.snapshot().equals(before);
    if (changed) {
      TransitionLog.log(rt.name, before, t.snapshot());
      publish(rt, before.stateName());
    }
    // Invariant: actions run only after the snapshot that explains them is on disk, so a crash
    // between the two never leaves a container nobody knows about.
    // Persistence retries a failing disk until it succeeds, so this waits as long as that takes.
    Future<Void> durable = changed ? persist() : Future.succeededFuture();
    rt.ready = rt.ready.transform(previous -> durable).andThen(done -> {
      if (done.failed()) {
        LOG.error("{}: the state was not saved ({}); its Docker work is not done", rt.name, ActionExecutor.message(done.cause()));
        return;
      }
      rt.queue.addAll(t.actions());
      pump(rt);
    });
    schedule(rt);
  }

  private void pump(ServiceRuntime rt) {
    if (rt.busy || rt.queue.isEmpty()) {
      forgetIfDone(rt);
      return;
    }
    Action action = rt.queue.poll();
    rt.busy = true;
    executor.execute(rt.name, action).onComplete(result -> {
      rt.busy = false;
      if (result.result() != null) {
        apply(rt, result.result());
      }
      pump(rt);
    });
  }

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
        apply(rt, event);
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
        apply(rt, new Event.Tick());
      });
    }
  }

  /** Only once its Docker work is done, so a re-added spec never races the removals before it. */
  private void forgetIfDone(ServiceRuntime rt) {
    if (rt.isForgettable() && services.remove(rt.name, rt)) {
      if (rt.timerId >= 0) {
        vertx.cancelTimer(rt.timerId);
      }
      publish(rt, rt.snapshot.stateName());
      persist();
    }
  }

  // --- effects -----------------------------------------------------------------------------------

  private ServiceRuntime runtime(String name) {
    return services.computeIfAbsent(name, n -> {
      ServiceRuntime rt = new ServiceRuntime(n, new Snapshot.Init(), null);
      rt.ready = startRemovals.getOrDefault(n, rt.ready);
      return rt;
    });
  }

  private Future<Void> persist() {
    Map<String, PersistedState.ServiceRecord> records = new HashMap<>();
    services.forEach((name, rt) -> records.put(name, new PersistedState.ServiceRecord(rt.snapshot, rt.file)));
    return vertx.eventBus().request(Addresses.STATE_SAVE,
        new PersistenceRequest.SaveState(new PersistedState(instanceId, records)), DURABLE_DELIVERY).mapEmpty();
  }

  private void publish(ServiceRuntime rt, String from) {
    ServiceStatus status = services.get(rt.name) == rt ? rt.status() : null;
    vertx.eventBus().publish(Addresses.TRANSITIONS,
        new ServiceTransition(instanceId, rt.name, from, status, clock.instant()));
  }

  private Future<DockerReply> docker(DockerCommand command) {
    return vertx.eventBus().<DockerReply>request(command.address(), command, DOCKER_DELIVERY)
        .map(Message::body);
  }
}
