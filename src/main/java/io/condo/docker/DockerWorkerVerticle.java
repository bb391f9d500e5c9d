package io.condo.docker;

import com.fasterxml.jackson.databind.JsonNode;
import io.condo.bus.DockerReply;
import io.condo.bus.DockerCommand;
import io.condo.fsm.Backoff;
import io.condo.bus.Addresses;
import io.condo.bus.DockerCommand.CreateContainer;
import io.condo.bus.DockerCommand.InspectContainer;
import io.condo.bus.DockerCommand.ListOwned;
import io.condo.bus.DockerCommand.RemoveContainer;
import io.condo.bus.DockerCommand.StartContainer;
import io.vertx.core.Promise;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.VerticleBase;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.time.Clock;

/**
 * Carries out {@link DockerCommand}s on worker threads, several at once (each service sends one
 * at a time, so per-service order is kept by the sender). Starts only once Docker answers: while
 * it does not, Condo waits and says so, and never takes "unreachable" for "container dead".
 */
public final class DockerWorkerVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(DockerWorkerVerticle.class);
  private static final long REMIND_MILLIS = 30_000;

  /**
   * Creates run on a small pool of their own, everything else on a larger one: when many services
   * deploy at once, starts (Docker's slow step) begin as soon as the first containers exist
   * instead of queueing behind every create.
   */
  static final int CREATE_THREADS = 4;
  static final int DOCKER_THREADS = 20;
  /**
   * Measured on 2 cores with 50 containers: two lanes adopt in 150–196 ms against 180–214 ms for
   * one; one lane per container (20 at once) was slower than one, the answers' parsing and the new
   * connections costing more CPU than the waits they overlap.
   */
  static final int ADOPTION_LANES = 2;

  private final DockerApi docker;
  private final String instanceId;
  private final Clock clock;
  private WorkerExecutor creates;
  private WorkerExecutor others;
  private long waitingSince;
  private long lastReminder;

  public DockerWorkerVerticle(DockerApi docker, String instanceId, Clock clock) {
    this.clock = clock;
    this.docker = docker;
    this.instanceId = instanceId;
  }

  @Override
  public Future<?> start() {
    creates = vertx.createSharedWorkerExecutor("condo-docker-create", CREATE_THREADS);
    others = vertx.createSharedWorkerExecutor("condo-docker", DOCKER_THREADS);
    Promise<Void> reachable = Promise.promise();
    waitingSince = clock.millis();
    tryNegotiate(reachable);
    return reachable.future().compose(v -> io.vertx.core.Future.all(
        vertx.eventBus().<DockerCommand>localConsumer(Addresses.DOCKER, this::handle).completion(),
        vertx.eventBus().<DockerCommand>localConsumer(Addresses.DOCKER_READS, this::handle).completion()));
  }

  private void tryNegotiate(Promise<Void> reachable) {
    vertx.executeBlocking(docker::negotiate, false).onComplete(result -> {
      if (result.succeeded()) {
        reachable.complete();
        return;
      }
      long now = clock.millis();
      if (lastReminder == 0 || now - lastReminder >= REMIND_MILLIS) {
        lastReminder = now;
        LOG.warn("Docker at {} is unreachable ({}); waiting for it ({} s so far)", docker.host(),
            result.cause().getMessage(), (now - waitingSince) / 1000);
      }
      if (result.cause() instanceof DockerException e && e.status() != DockerException.UNREACHABLE) {
        reachable.fail(e);
        return;
      }
      vertx.setTimer(Backoff.DOCKER_AT_START.afterFailures(1).toMillis(), id -> tryNegotiate(reachable));
    });
  }

  private void handle(Message<DockerCommand> message) {
    DockerCommand command = message.body();
    // Pulls and creates wait on registries and Docker's image store; starts and stops never queue behind them.
    WorkerExecutor pool = command instanceof CreateContainer || command instanceof DockerCommand.PullImage
        || command instanceof DockerCommand.RemoveImage || command instanceof DockerCommand.CreateExactly
        ? creates : others;
    Future<DockerReply> reply = command instanceof ListOwned ? listOwned().map(DockerReply.class::cast)
        : pool.executeBlocking(() -> execute(command), false);
    reply.onComplete(result -> {
      if (result.succeeded()) {
        message.reply(result.result());
      } else {
        Throwable cause = result.cause();
        int status = cause instanceof DockerException e ? e.status() : 500;
        message.fail(status, cause.getMessage() != null ? cause.getMessage() : cause.toString());
      }
    });
  }

  /**
   * This instance's containers, inspected in {@link #ADOPTION_LANES} lanes side by side: a
   * restart's adoption waits for Docker's answers and reads them, and two lanes overlap the one
   * with the other.
   */
  private Future<DockerReply.OwnedContainers> listOwned() {
    return others.executeBlocking(() -> docker.listByLabels(ContainerLabels.instanceFilter(instanceId)), false)
        .compose(ids -> {
          // Each lane a run of the list, so that the lanes one after the other are Docker's order,
          // which the adoption's plan reads them in.
          int lanes = Math.min(ADOPTION_LANES, Math.max(1, ids.size()));
          List<Future<List<DockerReply.ContainerStatus>>> parts = new ArrayList<>();
          for (int lane = 0; lane < lanes; lane++) {
            List<String> run = ids.subList(lane * ids.size() / lanes, (lane + 1) * ids.size() / lanes);
            parts.add(others.executeBlocking(() -> run.stream().map(docker::inspect).toList(), false));
          }
          return Future.all(parts).map(all -> new DockerReply.OwnedContainers(
              parts.stream().flatMap(part -> part.result().stream()).toList()));
        });
  }

  private DockerReply execute(DockerCommand command) {
    if (command instanceof CreateContainer create) {
      docker.ensureImage(create.spec().image());
      return new DockerReply.ContainerCreated(create(create));
    }
    if (command instanceof DockerCommand.PullImage pull) {
      docker.ensureImage(pull.image());
      return new DockerReply.Done();
    }
    if (command instanceof DockerCommand.RemoveImage remove) {
      return new DockerReply.ImageRemoval(docker.removeImageIfUnused(remove.image()));
    }
    if (command instanceof StartContainer start) {
      docker.start(start.id());
      return docker.inspect(start.id());
    }
    if (command instanceof RemoveContainer remove) {
      List<String> ids = remove.id() != null ? List.of(remove.id())
          : docker.listByLabels(ContainerLabels.instanceFilter(instanceId), ContainerLabels.keyFilter(remove.key()));
      for (String id : ids) {
        docker.stopAndRemove(id, remove.stopTimeoutSeconds());
      }
      return new DockerReply.Done();
    }
    if (command instanceof InspectContainer inspect) {
      return docker.inspect(inspect.id());
    }
    if (command instanceof DockerCommand.CreateExactly exactly) {
      docker.ensureImage(exactly.body().path("Image").asText());
      return new DockerReply.ContainerCreated(docker.create(exactly.name(), exactly.body()));
    }
    if (command instanceof DockerCommand.InspectOwn own) {
      JsonNode inspected = docker.inspectJson(own.id());
      return inspected == null ? new DockerReply.OwnContainer(own.id(), null, null)
          : new DockerReply.OwnContainer(own.id(), DockerApi.nameIn(inspected),
              inspected.path("Config").path("Image").asText(null));
    }
    if (command instanceof DockerCommand.ListLabelled labelled) {
      return new DockerReply.ContainerIds(docker.listByLabels(labelled.label()));
    }
    throw new IllegalArgumentException("unknown Docker command " + command);
  }

  /**
   * A fixed {@code :Name} may be held by a container Condo does not own: Docker refuses the create
   * (409), and the error says so, so the operator knows the retries wait for them, not for Docker.
   */
  private String create(CreateContainer create) {
    try {
      return docker.create(create.name(),
          ContainerLabels.createBody(create.spec(), instanceId, create.service(), create.key()));
    } catch (DockerException e) {
      if (e.status() == 409 && !instanceId.equals(docker.label(create.name(), ContainerLabels.INSTANCE))) {
        throw new DockerException(409, e.getMessage() + " (the name " + create.name()
            + " is held by a container Condo does not own)");
      }
      throw e;
    }
  }
}
