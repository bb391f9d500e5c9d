package io.condo.self;

import io.condo.bus.DockerCommand;
import io.condo.bus.DockerReply;
import io.condo.bus.Requests;
import io.condo.fsm.Health;
import io.condo.spec.ServiceSpec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The Docker side of a self-deploy up to the hand-over helper's start: the new image, the
 * successor and the helper created (not started) through the Docker worker, like every other
 * Docker call of a running Condo, and the hand-over written; or, when a step fails, whatever was
 * made removed again, so the Condo that runs goes on as before.
 */
final class HandoverPreparation {

  private final Vertx vertx;
  private final HandoverFiles files;

  HandoverPreparation(Vertx vertx, HandoverFiles files) {
    this.vertx = vertx;
    this.files = files;
  }

  /** Everything up to the helper's start; the helper's id, made, not started. */
  Future<String> prepare(SelfIdentity self, ServiceSpec spec, int healthyWithinSeconds) {
    List<String> made = new ArrayList<>();
    String suffix = spec.bodyHash().substring(0, 12);
    return docker(new DockerCommand.CreateExactly(self.name() + "-next-" + suffix,
            SuccessorBodies.successor(spec.body(), spec.bodyHash(), self.containerId())))
        .compose(successor -> {
          made.add(successor.id());
          return blocking(() -> {
            files.writeHandover(new HandoverFiles.Handover(self.containerId(), successor.id(), self.name(),
                spec.bodyHash(), healthyWithinSeconds));
            return null;
          });
        })
        .compose(written -> docker(new DockerCommand.CreateExactly(self.name() + "-handover-" + suffix,
            SuccessorBodies.helper(spec.image(), self.containerId(), files.handoverFile().toString(),
                dockerEnvironment()))))
        .map(helper -> {
          made.add(helper.id());
          return helper.id();
        })
        .recover(failure -> removeThenEnd(made).transform(undone -> Future.failedFuture(failure)));
  }

  /**
   * The helper stops this Condo: from here on, the hand-over is the helper's. A start that failed
   * in its answer (the worker inspects after starting) may still have started it: a helper that
   * ever ran is never taken away from under its hand-over.
   */
  Future<String> startHelper(String helper) {
    return docker(new DockerCommand.StartContainer(helper)).map(started -> helper)
        .recover(failure -> docker(new DockerCommand.InspectContainer(helper)).transform(seen -> {
          if (seen.succeeded() && seen.result().health() != Health.CREATED) {
            return Future.succeededFuture(helper);
          }
          return discard(helper).transform(discarded -> Future.<String>failedFuture(failure));
        }));
  }

  /** The helper, the successor it would have started, and the hand-over written for them go. */
  Future<Void> discard(String helper) {
    return blocking(files::handover).compose(h -> removeThenEnd(h == null ? List.of(helper)
        : List.of(helper, h.successor())));
  }

  /**
   * What a hand-over made (or left behind) removed, each in turn, then its record ended; a
   * container already gone is fine (the worker says so). Stops at the first removal that fails,
   * so the record stays for the next try.
   */
  Future<Void> removeThenEnd(List<String> ids) {
    Future<Void> chain = Future.succeededFuture();
    for (String id : ids) {
      chain = chain.compose(v -> docker(DockerCommand.RemoveContainer.byId(id, 0)).mapEmpty());
    }
    return chain.compose(removed -> blocking(() -> {
      files.handoverEnded();
      return null;
    }));
  }

  private <R extends DockerReply> Future<R> docker(DockerCommand<R> command) {
    return Requests.docker(vertx.eventBus(), command);
  }

  private <T> Future<T> blocking(Callable<T> work) {
    return vertx.executeBlocking(work, false);
  }

  /** How the helper reaches Docker: as this Condo does. */
  private static List<String> dockerEnvironment() {
    List<String> env = new ArrayList<>();
    for (Map.Entry<String, String> e : System.getenv().entrySet()) {
      if (e.getKey().startsWith("DOCKER_")) {
        env.add(e.getKey() + "=" + e.getValue());
      }
    }
    return env;
  }
}
