package io.condo.self;

import io.condo.docker.DockerApi;
import io.condo.spec.ServiceSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Docker side of a self-deploy up to the hand-over helper's start, blocking: the new image,
 * the successor and the helper created (not started) and the hand-over written; or, when a step
 * fails, whatever was made removed again, so the Condo that runs goes on as before.
 */
final class HandoverPreparation {

  private final DockerApi docker;
  private final HandoverFiles files;

  HandoverPreparation(DockerApi docker, HandoverFiles files) {
    this.docker = docker;
    this.files = files;
  }

  /** Everything up to the helper's start; the helper's id, made, not started. */
  String prepare(SelfIdentity self, ServiceSpec spec, int healthyWithinSeconds) throws IOException {
    List<String> made = new ArrayList<>();
    try {
      docker.ensureImage(spec.image());
      String suffix = spec.bodyHash().substring(0, 12);
      String successor = docker.create(self.name() + "-next-" + suffix,
          SuccessorBodies.successor(spec.body(), spec.bodyHash(), self.containerId()));
      made.add(successor);
      files.writeHandover(new HandoverFiles.Handover(self.containerId(), successor, self.name(), spec.bodyHash(),
          healthyWithinSeconds));
      String helper = docker.create(self.name() + "-handover-" + suffix, SuccessorBodies.helper(spec.image(),
          self.containerId(), files.handoverFile().toString(), dockerEnvironment()));
      made.add(helper);
      return helper;
    } catch (RuntimeException | IOException e) {
      made.forEach(docker::remove);
      files.handoverEnded();
      throw e;
    }
  }

  /** The helper stops this Condo: from here on, the hand-over is the helper's. */
  String startHelper(String helper) throws IOException {
    try {
      docker.start(helper);
      return helper;
    } catch (RuntimeException e) {
      discard(helper);
      throw e;
    }
  }

  /** The helper, the successor it would have started, and the hand-over written for them go. */
  void discard(String helper) throws IOException {
    HandoverFiles.Handover h = files.handover();
    docker.remove(helper);
    if (h != null) {
      docker.remove(h.successor());
      files.handoverEnded();
    }
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
