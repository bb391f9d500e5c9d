package io.condo.plan;

import io.condo.bus.DockerReply.ContainerStatus;
import io.condo.fsm.Action;
import io.condo.fsm.Container;
import io.condo.fsm.Event;
import io.condo.fsm.RolledBack;
import io.condo.fsm.Snapshot;
import io.condo.fsm.StateMachine;
import io.condo.fsm.Transition;
import io.condo.spec.Deploy;
import io.condo.bus.SpecFileEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a Condo started now would do, per service, from the state file's snapshots, the
 * containers Docker reports as this instance's and the spec files as read: the start-up plan
 * ({@link StartPlan}), then the state machine fed exactly what the supervisor feeds it at start
 * (adopt, reclaim, the first reading of the files). Pure; {@code condo plan} prints it.
 */
public final class Forecast {

  /** Stands for the id Docker would give a container created now. */
  public static final String NEW_ID = "(new)";

  public enum Change { NONE, DEPLOY, REDEPLOY, REMOVE }

  /**
   * @param state the state in the state file, or null when it does not know the service
   * @param deploy the strategy of a (re)deploy, else null
   * @param imageFrom the image running now, or null
   * @param imageTo the image deployed, or null when nothing is deployed
   * @param adopted containers of the state that Docker still has, kept as they are
   * @param reclaimed a running container taken back for a service the state did not know, or null
   * @param error why the spec file cannot be used (what runs is left alone), or null
   * @param actions what is sent to Docker at once, in order
   * @param then what follows once Docker has created the new container
   * @param rolledBack the file's spec Condo rolled back from and does not try again, or null
   */
  public record ServiceForecast(String state, Change change, Deploy deploy, String imageFrom, String imageTo,
                                List<String> adopted, String reclaimed, String error, List<Action> actions,
                                List<Action> then, RolledBack rolledBack) {
  }

  /** @param orphans containers of no service Condo would keep, removed */
  public record Result(Map<String, ServiceForecast> services, List<StartPlan.Removal> orphans) {
  }

  private Forecast() {
  }

  public static Result of(Map<String, Snapshot> snapshots, List<ContainerStatus> owned, List<SpecFileEvent> files,
                          Instant now) {
    StartPlan.Adoption adoption = StartPlan.adopt(snapshots, owned);
    StartPlan.Reclaiming reclaiming = StartPlan.reclaim(adoption.heldBack(), snapshots.keySet(), files, now);
    Map<String, List<Action>> actions = new HashMap<>();
    Map<String, Snapshot> adopted = new TreeMap<>();
    List<StartPlan.Removal> orphans = new ArrayList<>();
    Set<String> withFile = new HashSet<>();
    files.forEach(file -> withFile.add(file.service()));
    // A service's own work waits for the removal of its leftovers, known to the state or not.
    for (StartPlan.Removal removal : adoption.orphans()) {
      if (snapshots.containsKey(removal.service()) || withFile.contains(removal.service())) {
        actions.computeIfAbsent(removal.service(), s -> new ArrayList<>()).add(removal.action());
      } else {
        orphans.add(removal);
      }
    }
    adoption.adopt().forEach((service, adopt) -> {
      Transition t = StateMachine.next(snapshots.get(service), adopt, now, freshKey(service));
      adopted.put(service, t.snapshot());
      actions.computeIfAbsent(service, s -> new ArrayList<>()).addAll(t.actions());
    });
    Map<String, String> reclaimed = new HashMap<>();
    reclaiming.reclaim().forEach((service, reclaim) -> {
      adopted.put(service, StateMachine.next(new Snapshot.Init(), reclaim, now, freshKey(service)).snapshot());
      reclaimed.put(service, reclaim.container().id());
    });
    for (StartPlan.Removal removal : reclaiming.removals()) {
      if (reclaiming.waiting().contains(removal.service())) {
        actions.computeIfAbsent(removal.service(), s -> new ArrayList<>()).add(removal.action());
      } else {
        orphans.add(removal);
      }
    }

    Map<String, ServiceForecast> services = new TreeMap<>();
    for (SpecFileEvent file : files) {
      Snapshot before = adopted.getOrDefault(file.service(), new Snapshot.Init());
      List<Action> first = actions.getOrDefault(file.service(), new ArrayList<>());
      String error = null;
      Transition t = new Transition(before, List.of());
      if (file instanceof SpecFileEvent.SpecUpdated updated) {
        t = StateMachine.next(before, new Event.SpecChanged(updated.spec()), now, freshKey(file.service()));
      } else if (file instanceof SpecFileEvent.SpecInvalid invalid) {
        error = invalid.error();
      }
      first.addAll(t.actions());
      services.put(file.service(), forecast(snapshots.get(file.service()), before, t.snapshot(), first,
          containersOf(snapshots.get(file.service()), owned), reclaimed.get(file.service()), error, now));
    }
    adopted.forEach((service, before) -> {
      if (!withFile.contains(service)) {
        List<Action> all = actions.getOrDefault(service, new ArrayList<>());
        Transition t = StateMachine.next(before, new Event.SpecDeleted(), now, freshKey(service));
        all.addAll(t.actions());
        ServiceForecast f = forecast(snapshots.get(service), before, t.snapshot(), all,
            containersOf(snapshots.get(service), owned), reclaimed.get(service), null, now);
        services.put(service, new ServiceForecast(f.state(), all.stream().anyMatch(a -> a instanceof Action.Remove)
            ? Change.REMOVE : Change.NONE, null, f.imageFrom(), null, f.adopted(), f.reclaimed(), null, all, List.of(),
            null));
      }
    });
    return new Result(services, orphans);
  }

  private static ServiceForecast forecast(Snapshot stated, Snapshot before, Snapshot after, List<Action> actions,
                                          List<String> adopted, String reclaimed, String error, Instant now) {
    Container serving = serving(before);
    // What follows once Docker answers: a Before deploy's pull, then the create.
    List<Action> then = new ArrayList<>();
    Snapshot next = after;
    Action.Pull pull = first(actions, Action.Pull.class);
    if (pull != null) {
      Transition pulled = StateMachine.next(after, new Event.Pulled(pull.key()), now, pull.key());
      then.addAll(pulled.actions());
      next = pulled.snapshot();
    }
    Action.Create create = first(actions, Action.Create.class);
    if (create == null) {
      create = first(then, Action.Create.class);
    }
    if (create != null) {
      then.addAll(StateMachine.next(next, new Event.Created(create.key(), NEW_ID), now, create.key()).actions());
    }
    Change change = create == null ? Change.NONE : serving != null ? Change.REDEPLOY : Change.DEPLOY;
    return new ServiceForecast(stated == null ? null : stated.stateName(), change,
        create == null ? null : create.spec().deploy(), serving == null ? null : serving.spec().image(),
        create == null ? null : create.spec().image(), adopted, reclaimed, error, List.copyOf(actions), List.copyOf(then),
        after.rolledBack());
  }

  private static <A extends Action> A first(List<Action> actions, Class<A> kind) {
    return actions.stream().filter(kind::isInstance).map(kind::cast).findFirst().orElse(null);
  }

  /** The container that serves while the service is deployed again, if any. */
  private static Container serving(Snapshot snapshot) {
    if (snapshot instanceof Snapshot.Stable stable) {
      return stable.current();
    }
    if (snapshot instanceof Snapshot.WaitNext next) {
      return next.stable();
    }
    if (snapshot instanceof Snapshot.TryAgainNext next) {
      return next.stable();
    }
    return null;
  }

  private static List<String> containersOf(Snapshot stated, List<ContainerStatus> owned) {
    if (stated == null) {
      return List.of();
    }
    List<String> ids = new ArrayList<>();
    for (Container c : stated.containers()) {
      owned.stream().filter(o -> o.health() != io.condo.fsm.Health.GONE)
          .filter(o -> o.id().equals(c.id()) || c.key().equals(o.key())).findFirst()
          .ifPresent(o -> ids.add(o.id()));
    }
    return ids;
  }

  private static String freshKey(String service) {
    return service + "_" + NEW_ID;
  }
}
