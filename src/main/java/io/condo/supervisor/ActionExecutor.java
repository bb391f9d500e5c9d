package io.condo.supervisor;

import io.condo.bus.StopAll;
import io.condo.fsm.Snapshot;
import io.condo.plan.StopAllPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import io.condo.bus.DockerCommand;
import io.condo.fsm.Action;
import io.condo.fsm.Container;
import io.condo.fsm.Event;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the state machine's actions, each with exactly the one Docker command it names, and
 * says what came of it as the event the state machine expects. It decides nothing: what to do
 * next is the state machine's, when is the supervisor's.
 */
final class ActionExecutor {

  private static final Logger LOG = LoggerFactory.getLogger(ActionExecutor.class);

  private final DockerRequests docker;
  private final Runnable removalFailed;

  /**
   * @param docker sends one command to the Docker worker
   * @param removalFailed told when a removal failed: the container is an orphan now, for the sweep
   */
  ActionExecutor(DockerRequests docker, Runnable removalFailed) {
    this.docker = docker;
    this.removalFailed = removalFailed;
  }

  /** The answer as an event; null when the state machine has nothing to learn from it. */
  Future<Event> execute(String service, Action action) {
    if (action instanceof Action.Create create) {
      return docker.ask(new DockerCommand.CreateContainer(service, create.key(), create.name(), create.spec()))
          .map(created -> (Event) new Event.Created(create.key(), created.id()))
          .otherwise(e -> new Event.CreateFailed(create.key(), message(e)));
    }
    if (action instanceof Action.Pull pull) {
      return docker.ask(new DockerCommand.PullImage(service, pull.spec().image()))
          .map(done -> (Event) new Event.Pulled(pull.key()))
          .otherwise(e -> new Event.PullFailed(pull.key(), message(e)));
    }
    if (action instanceof Action.Start start) {
      return docker.ask(new DockerCommand.StartContainer(start.id()))
          .map(status -> (Event) new Event.Started(start.id(), status.health(), status.detail()))
          .otherwise(e -> new Event.StartFailed(start.id(), message(e)));
    }
    if (action instanceof Action.Remove remove) {
      // A failed removal changes no snapshot: the container is an orphan now, and the sweep retries.
      return docker.ask(new DockerCommand.RemoveContainer(remove.id(), remove.key(), remove.stopTimeoutSeconds()))
          .<Event>map(reply -> null)
          .otherwise(e -> {
            LOG.warn("{}: could not remove container {} ({}); retrying", service,
                remove.id() != null ? Container.shortId(remove.id()) : remove.key(), message(e));
            removalFailed.run();
            return null;
          });
    }
    throw new IllegalArgumentException("unknown action " + action);
  }

  /** On exit, when asked: every managed container stopped and removed, whatever its state. */
  Future<StopAll.Done> stopAll(Map<String, Snapshot> snapshots) {
    List<Future<Event>> removals = new ArrayList<>();
    StopAllPlan.removals(snapshots).forEach((service, actions) -> actions.forEach(remove -> {
      LOG.info("{}: stopping {} on exit", service, remove.id() != null ? Container.shortId(remove.id()) : remove.key());
      removals.add(execute(service, remove));
    }));
    return Future.join(removals).transform(done -> Future.succeededFuture(new StopAll.Done()));
  }

  /** Docker's current word on a container; unreachable is not "dead", so a failure says nothing (null). */
  Future<Event> observe(String id) {
    return docker.ask(new DockerCommand.InspectContainer(id))
        .<Event>map(status -> new Event.Observed(id, status.health(), status.detail()))
        .otherwise(e -> null);
  }

  /** Docker's own words, as the worker replied them. */
  static String message(Throwable e) {
    return e instanceof ReplyException reply && reply.getMessage() != null ? reply.getMessage() : String.valueOf(e.getMessage());
  }
}
