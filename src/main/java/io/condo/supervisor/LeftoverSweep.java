package io.condo.supervisor;

import io.condo.bus.DockerCommand;
import io.condo.bus.DockerReply;
import io.condo.fsm.Container;
import io.condo.fsm.Backoff;
import io.condo.plan.StartPlan;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes containers of this instance that no snapshot holds, by id, and looks for them again:
 * whenever asked (start, Docker's event stream back) and a few seconds after a removal failed,
 * so none is left behind for good. Which containers are leftovers is {@link StartPlan}'s to say.
 */
final class LeftoverSweep {

  private static final Logger LOG = LoggerFactory.getLogger(LeftoverSweep.class);
  static final Duration RETRY = Backoff.LEFTOVERS.first();

  private final Vertx vertx;
  private final DockerRequests docker;
  private final Function<List<DockerReply.ContainerStatus>, List<StartPlan.Removal>> leftoversOf;
  private Long timer;

  /** @param leftoversOf which of the containers Docker reports are leftovers, as of now */
  LeftoverSweep(Vertx vertx, DockerRequests docker,
                Function<List<DockerReply.ContainerStatus>, List<StartPlan.Removal>> leftoversOf) {
    this.vertx = vertx;
    this.docker = docker;
    this.leftoversOf = leftoversOf;
  }

  /** Removes each by id; {@code settled} hears of each when Docker has answered, whatever it said. */
  void remove(List<StartPlan.Removal> removals, Consumer<StartPlan.Removal> settled) {
    removals.forEach(removal -> removeOne(removal).onComplete(done -> settled.accept(removal)));
  }

  /** Asks Docker for this instance's containers and removes the leftovers among them. */
  void sweep() {
    docker.ask(new DockerCommand.ListOwned())
        .onSuccess(owned -> remove(leftoversOf.apply(owned.containers()), removal -> { }))
        .onFailure(e -> sweepSoon());
  }

  /** One sweep a few seconds from now, however many removals failed meanwhile. */
  void sweepSoon() {
    if (timer == null) {
      timer = vertx.setTimer(RETRY.toMillis(), id -> {
        timer = null;
        sweep();
      });
    }
  }

  private Future<DockerReply.Done> removeOne(StartPlan.Removal c) {
    LOG.info("removing orphan container {} of service {}", Container.shortId(c.id()), c.service());
    return docker.ask(DockerCommand.RemoveContainer.byId(c.id(), StartPlan.LEFTOVER_STOP_TIMEOUT)).onFailure(e -> {
      LOG.warn("could not remove orphan {}: {}", Container.shortId(c.id()), e.getMessage());
      sweepSoon();
    });
  }
}
