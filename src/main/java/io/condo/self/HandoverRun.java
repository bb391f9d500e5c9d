package io.condo.self;

import com.fasterxml.jackson.databind.JsonNode;
import io.condo.bus.DockerReply;
import io.condo.docker.DockerApi;
import io.condo.docker.DockerException;
import io.condo.docker.HealthCheckRun;
import io.condo.fsm.Health;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hand-over helper's work, from the new image: stop the old Condo (SIGTERM: it leaves what it
 * supervises running and lets go of the state lock), start the new one, and wait until it is
 * healthy (its own health check, run by the helper as soon as it serves). Then the old container
 * is removed and the new one takes its name; or, if the new one cannot start, exits or is not
 * healthy in time, it is removed and the old one started again,
 * with the failure written where it will read it. The old Condo exits before the new one starts,
 * so at no instant do two supervise; every step may be done again, so a helper killed half-way
 * (restarted by Docker) finishes the job.
 */
public final class HandoverRun {

  private static final Logger LOG = LoggerFactory.getLogger(HandoverRun.class);
  static final int OLD_STOP_SECONDS = 60;
  private static final Duration POLL = Duration.ofMillis(200);

  private final DockerApi docker;
  private final HandoverFiles files;

  public HandoverRun(DockerApi docker, HandoverFiles files) {
    this.docker = docker;
    this.files = files;
  }

  public void run() throws IOException, InterruptedException {
    HandoverFiles.Handover h = files.handover();
    if (h == null) {
      LOG.info("no hand-over under way ({} is gone): nothing to do", files.handoverFile());
    } else {
      String failure = handOver(h);
      if (failure == null) {
        docker.stopAndRemove(h.predecessor(), 0);
        if (!h.name().equals(docker.inspect(h.successor()).name())) {
          docker.rename(h.successor(), h.name()); // not yet: a helper that was restarted may have done it
        }
        LOG.info("the new Condo {} supervises; the old one is removed", h.successor());
      } else {
        // The host gets its Condo back first; the record of why comes second, and only if it can:
        // on a full disk or a read-only volume it cannot, and that must not keep the old one down.
        try {
          docker.stopAndRemove(h.successor(), 10);
        } finally {
          docker.start(h.predecessor());
        }
        LOG.error("self-deploy failed: {}; the old Condo {} supervises again", failure, h.predecessor());
        bestEffort("record the failure", () -> files.writeFailure(HandoverFiles.Failure.now(h.hash(), failure)));
      }
      bestEffort("forget the hand-over", files::handoverEnded);
    }
    OwnContainer.find().ifPresent(docker::remove); // the helper's last act: it is gone with it
  }

  /** Null when the new Condo is healthy; else why not. */
  private String handOver(HandoverFiles.Handover h) throws InterruptedException, IOException {
    docker.stop(h.predecessor(), OLD_STOP_SECONDS);
    // Before the new Condo reads it: an earlier self.edn's failure is not the new Condo's.
    bestEffort("forget an earlier failure", files::failureForgotten);
    try {
      docker.start(h.successor());
    } catch (DockerException e) {
      return "the new Condo could not start: " + e.getMessage();
    }
    Instant deadline = Instant.now().plusSeconds(h.timeoutSeconds());
    ServingGate serving = new ServingGate();
    while (true) {
      DockerReply.ContainerStatus status = docker.inspect(h.successor());
      switch (status.health()) {
        case HEALTHY -> {
          return null;
        }
        case EXITED, GONE -> {
          return "the new Condo exited (" + status.detail() + ")";
        }
        case UNHEALTHY -> {
          return "the new Condo is unhealthy (" + status.detail() + ")";
        }
        default -> {
          if (Instant.now().isAfter(deadline)) {
            return "the new Condo was not healthy within " + h.timeoutSeconds() + " s";
          }
          if (status.health() == Health.STARTING && passesItsCheckNow(h.successor(), serving, deadline)) {
            return null;
          }
          Thread.sleep(POLL.toMillis());
        }
      }
    }
  }

  /**
   * The new Condo's own health check, run now: the turn ends as soon as it passes, not at Docker's
   * next interval (the image's is long, for idle cost), and first once it serves
   * ({@link ServingGate}). A failure here is not yet unhealthy: that is Docker's to say, after its
   * start period; an exec refused because it exited is told by the next inspect. The check never
   * runs past the hand-over's own deadline.
   */
  private boolean passesItsCheckNow(String successor, ServingGate serving, Instant deadline)
      throws InterruptedException {
    try {
      JsonNode inspected = docker.inspectJson(successor);
      return inspected != null && serving.open(inspected)
          && docker.runHealthCheck(inspected, Duration.between(Instant.now(), deadline))
          == HealthCheckRun.Outcome.PASSED;
    } catch (DockerException e) {
      return false;
    }
  }

  /** A file step the hand-over can do without: its failure is logged, never fatal. */
  private static void bestEffort(String what, FileStep step) {
    try {
      step.run();
    } catch (IOException | RuntimeException e) {
      LOG.warn("could not {} ({}); the hand-over goes on without it", what, e.getMessage());
    }
  }

  private interface FileStep {
    void run() throws IOException;
  }
}
