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
import io.condo.fsm.Event;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one owner of every service's snapshot, written as a controller's sync loop: each input (a
 * spec file: {@link SpecIntake}; a Docker event: {@link ContainerIntake}; a timer; the answer to a
 * Docker call) becomes an event for one service; {@link #next} gives it to the pure
 * {@link StateMachine}, saves the snapshot and queues the actions; {@link #sync} runs whatever the
 * service's {@link WorkQueue} allows now. What waits for what (a save, leftovers' removal, the
 * previous step) is data in that queue, not a chain of futures. Saves are numbered and ordered by
 * {@link SaveOrder}; start-up is the restart row of SPEC §3, decided by {@code StartPlan} and
 * carried out by {@link StartAdoption}.
 */
public final class SupervisorVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SupervisorVerticle.class);

  private final String host;
  private final Clock clock;
  private final Map<String, ServiceRuntime> services = new HashMap<>();
  private final RemovalsFirst removalsFirst = new RemovalsFirst();
  private LeftoverSweep leftovers;
  private ActionExecutor executor;
  private RolloutGate rollouts;
  private String instanceId;
  private SaveOrder saves;
  private StartAdoption adoption;
  private SpecIntake specs;
  private ContainerIntake containers;
  private final DockerWorkPause pause = new DockerWorkPause();
  private String stateFileError;
  private final ServiceLoop loop = new ServiceLoop() {
    @Override
    public Map<String, Snapshot> snapshots() {
      return SupervisorVerticle.this.snapshots();
    }

    @Override
    public ServiceRuntime runtime(String service) {
      return SupervisorVerticle.this.runtime(service);
    }

    @Override
    public ServiceRuntime existing(String service) {
      return services.get(service);
    }

    @Override
    public void next(ServiceRuntime rt, Event event) {
      SupervisorVerticle.this.next(rt, event);
    }

    @Override
    public void sync(ServiceRuntime rt) {
      SupervisorVerticle.this.sync(rt);
    }

    @Override
    public void publish(ServiceRuntime rt, String from, Reason reason) {
      SupervisorVerticle.this.publish(rt, from, reason);
    }
  };

  public SupervisorVerticle(String host, Clock clock) {
    this.host = host;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    adoption = new StartAdoption(loop, clock, removalsFirst);
    leftovers = new LeftoverSweep(vertx, this::docker, owned -> adoption.orphans(snapshots().values(), owned));
    adoption.removingWith(leftovers);
    saves = new SaveOrder(vertx, this::persisted,
        () -> List.copyOf(services.values()).stream().filter(rt -> rt.work.hasWaitingSteps()).forEach(this::sync));
    executor = new ActionExecutor(this::docker, leftovers::sweepSoon);
    rollouts = new RolloutGate(vertx, (service, spec) -> next(runtime(service), new Event.SpecChanged(spec)),
        (service, text) -> {
          ServiceRuntime rt = runtime(service);
          rt.rollout = text;
          publish(rt, rt.snapshot.stateName(), Reason.SPEC);
        });
    specs = new SpecIntake(loop, rollouts, adoption);
    containers = new ContainerIntake(vertx, loop, executor, leftovers);
    var bus = vertx.eventBus();
    return Requests.ask(bus, Addresses.STATE_LOAD, new PersistenceRequest.LoadState())
        .compose(loaded -> {
          instanceId = loaded.instanceId();
          loaded.services().forEach((name, record) ->
              services.put(name, new ServiceRuntime(name, record.snapshot(), record.file())));
          return docker(new DockerCommand.ListOwned());
        })
        .compose(owned -> {
          adoption.adoptAll(owned.containers());
          LOG.info("instance {} on {}: adopted {} services, {} containers", instanceId, host, services.size(),
              owned.containers().size());
          return Future.all(List.of(
              bus.<SpecFileEvent>localConsumer(Addresses.SPEC_EVENTS, m -> specs.on(m.body())).completion(),
              bus.<ContainerEvent>localConsumer(Addresses.CONTAINER_EVENTS, m -> containers.on(m.body()))
                  .completion(),
              Requests.answerNow(bus, Addresses.STATE_QUERY, (StateQuery query) -> instanceState()),
              Requests.answer(bus, Addresses.STOP_ALL, (StopAll stop) -> executor.stopAll(snapshots())),
              Requests.answer(bus, Addresses.DEPLOYS, (DeploysSwitch change) -> change.pause() ? pause() : resume()),
              bus.<CredentialsChanged>localConsumer(Addresses.CREDENTIALS_CHANGED, m -> containers.retryNow()).completion(),
              bus.<StateFileHealth>localConsumer(Addresses.STATE_FILE_HEALTH, m -> stateFileError = m.body().error())
                  .completion()));
        });
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
    rt.work.add(t.actions(), saves.requested());
    schedule(rt);
    sync(rt);
  }

  // --- sync: run the step the service's queue allows now ----------------------------------------------

  private void sync(ServiceRuntime rt) {
    if (pause.held()) {
      answerPausesOnceIdle();
      return;
    }
    Action action = rt.work.take(saves.onDisk(), removalsFirst.blocks(rt.name));
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

  /** Saves every snapshot; once on disk, the steps that waited for it may run ({@link SaveOrder}). */
  private void save() {
    saves.save();
  }

  private PersistedState persisted() {
    Map<String, PersistedState.ServiceRecord> records = new HashMap<>();
    services.forEach((name, rt) -> records.put(name, new PersistedState.ServiceRecord(rt.snapshot, rt.file)));
    return new PersistedState(instanceId, records);
  }

  private void publish(ServiceRuntime rt, String from, Reason reason) {
    ServiceStatus status = services.get(rt.name) == rt ? rt.status() : null;
    vertx.eventBus().publish(Addresses.TRANSITIONS,
        new ServiceTransition(instanceId, rt.name, from, status, clock.instant(), reason.label()));
  }

  private <R extends DockerReply> Future<R> docker(DockerCommand<R> command) {
    return Requests.docker(vertx.eventBus(), command);
  }
}
