package io.condo.self;

import com.fasterxml.jackson.databind.JsonNode;
import io.condo.bus.Addresses;
import io.condo.bus.DeploysSwitch;
import io.condo.bus.Requests;
import io.condo.bus.RollClaim;
import io.condo.bus.SelfQuery;
import io.condo.bus.SelfStatus;
import io.condo.bus.SpecFileEvent;
import io.condo.docker.DockerApi;
import io.condo.spec.ServiceSpec;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Condo replacing itself when {@code self.edn} differs from the body it was started from (README,
 * "Self-deploy"). The new container cannot publish the host port the old one holds, so they never
 * run together: this Condo pauses its Docker work, pulls the new image, creates the new container
 * (not started) and a helper from the new image, writes the hand-over beside the state, and starts
 * the helper ({@link HandoverRun}), which stops this Condo, starts the new one and waits for it
 * to be healthy, or puts this one back. Anything failing before the helper runs leaves this Condo
 * supervising as before, with the failure reported.
 */
public final class SelfDeployVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SelfDeployVerticle.class);
  /** Where a Condo started by a self-deploy finds the hash of the body it was made from. */
  public static final String STARTED_FROM_ENV = SuccessorBodies.SELF_HASH_ENV;
  /** How long the new Condo has to be healthy. */
  static final int HEALTHY_WITHIN_SECONDS = 120;
  /** How often a host waiting for its turn in the fleet's roll asks again. */
  private static final long TURN_ASKED_EVERY_MILLIS = 1_000;

  private final DockerApi docker;
  private final HandoverFiles files;
  private final HandoverPreparation preparation;
  private final String startedFrom;
  private SelfIdentity self;
  private HandoverFiles.Failure lastFailure;
  private ServiceSpec desired;
  private String invalid;
  private String state = "running";
  private String error;
  /** What of the fleet's roll holds this host back, or null. */
  private String roll;
  /** A claim of this host's turn is unanswered: a decision now waits for its answer. */
  private boolean claiming;
  private boolean decideAgain;
  private long retry = -1;
  private SelfStatus reported;

  /** @param startedFrom the hash in this container's environment, null when started by hand */
  public SelfDeployVerticle(DockerApi docker, Path stateFile, String startedFrom) {
    this.docker = docker;
    this.files = new HandoverFiles(stateFile);
    this.preparation = new HandoverPreparation(docker, files);
    this.startedFrom = startedFrom;
  }

  @Override
  public Future<?> start() {
    return vertx.executeBlocking(() -> {
      try {
        lastFailure = files.failure();
      } catch (IOException e) {
        LOG.warn("cannot read the record of an earlier self-deploy's failure ({}); going on without it", e.getMessage());
      }
      try {
        self = identify();
      } catch (RuntimeException e) {
        // Docker away at start: self-deploy needs it, supervising does not wait for it.
        LOG.warn("cannot tell which container this Condo runs in ({}); self.edn will be refused", e.getMessage());
        self = new SelfIdentity(null, null, null, startedFrom);
        return null;
      }
      try {
        cancelOwnHandover();
      } catch (IOException | RuntimeException e) {
        // A full disk or a read-only volume must not keep the Condo that supervises from starting.
        LOG.warn("cannot cancel a hand-over cut short ({}); this Condo supervises all the same", e.getMessage());
      }
      return null;
    }).compose(v -> {
      error = lastFailure == null ? null : lastFailure.error();
      var bus = vertx.eventBus();
      return Future.all(Requests.answerNow(bus, Addresses.SELF_QUERY, (SelfQuery query) -> status()),
          bus.<SpecFileEvent>localConsumer(Addresses.SELF_SPEC, m -> onSelfSpec(m.body())).completion());
    });
  }

  private SelfStatus status() {
    return new SelfStatus(self.image(), startedFrom, state, invalid != null ? invalid : error, roll);
  }

  /** Tells the fleet (and so every instance's global_state) when this Condo's status changed. */
  private void report() {
    SelfStatus now = status();
    if (!now.equals(reported)) {
      reported = now;
      vertx.eventBus().publish(Addresses.SELF_CHANGES, now);
    }
  }

  private SelfIdentity identify() {
    String id = OwnContainer.find().orElse(null);
    JsonNode inspected = id == null ? null : docker.inspectJson(id);
    if (inspected == null) {
      return new SelfIdentity(null, null, null, startedFrom);
    }
    return new SelfIdentity(id, DockerApi.nameIn(inspected),
        inspected.path("Config").path("Image").asText(null), startedFrom);
  }

  /**
   * A Condo that runs is not being replaced: a hand-over from it that is still written down was
   * cut short (this Condo crashed while preparing it and Docker restarted it; or the helper put it
   * back and has not cleaned up yet). Its successor and helper are removed and the self.edn is
   * tried again. A hand-over to this Condo (it is the successor) is the helper's to finish.
   */
  private void cancelOwnHandover() throws IOException {
    HandoverFiles.Handover h = files.handover();
    if (self.containerId() == null || h != null && !h.predecessor().equals(self.containerId())) {
      return;
    }
    for (String id : docker.listByLabels(SuccessorBodies.PREDECESSOR_LABEL + "=" + self.containerId())) {
      LOG.info("removing {}, left by a self-deploy that did not happen", id);
      docker.remove(id);
    }
    files.handoverEnded();
  }

  private void onSelfSpec(SpecFileEvent event) {
    if (event instanceof SpecFileEvent.SpecUpdated updated) {
      desired = updated.spec();
      invalid = null;
    } else if (event instanceof SpecFileEvent.SpecInvalid bad) {
      invalid = bad.error();
      report();
      return;
    } else if (event instanceof SpecFileEvent.SpecRemoved) {
      desired = null;
      invalid = null;
    }
    decide();
  }

  private void decide() {
    if (state.equals("deploying") || state.equals("handing-over")) {
      return; // one self-deploy at a time; the next Condo reads self.edn afresh
    }
    if (claiming) {
      decideAgain = true;
      return;
    }
    vertx.cancelTimer(retry);
    SelfDecision.Outcome outcome = SelfDecision.of(self, desired, lastFailure);
    if (outcome instanceof SelfDecision.Deploy deploy) {
      claimTurn(deploy.spec());
      return;
    }
    state = "running";
    roll = null;
    if (outcome instanceof SelfDecision.Refuse refuse) {
      error = refuse.error();
    } else {
      vertx.eventBus().send(Addresses.SELF_ROLL_ENDED, new RollClaim.Withdrawn());
    }
    report();
  }

  /** In a fleet, hosts replace themselves one at a time ({@link SelfRollVerticle}). */
  private void claimTurn(ServiceSpec spec) {
    claiming = true;
    Requests.ask(vertx.eventBus(), Addresses.SELF_ROLL, new RollClaim(spec.bodyHash())).onComplete(answer -> {
      claiming = false;
      RollClaim.Verdict verdict = answer.succeeded() ? answer.result()
          : new RollClaim.Verdict(RollClaim.Kind.WAIT, "cannot claim a turn in the fleet's roll: " + answer.cause().getMessage());
      if (verdict.kind() == RollClaim.Kind.GO) {
        roll = null;
        decideAgain = false;
        deploy(spec); // granted: a self.edn changed since is the next Condo's to deploy
        report();
        return;
      }
      if (!verdict.why().equals(roll)) {
        LOG.info("self-deploy of {} {}", spec.image(), verdict.why());
      }
      state = verdict.kind() == RollClaim.Kind.STOPPED ? "running" : "waiting";
      roll = verdict.why();
      report();
      if (decideAgain) {
        decideAgain = false;
        decide();
      } else {
        retry = vertx.setTimer(TURN_ASKED_EVERY_MILLIS, id -> decide());
      }
    });
  }

  private void deploy(ServiceSpec spec) {
    state = "deploying";
    error = null;
    LOG.info("self.edn differs from what this Condo was started from: replacing it with {}", spec.image());
    Requests.ask(vertx.eventBus(), Addresses.DEPLOYS, new DeploysSwitch(true))
        .compose(paused -> vertx.executeBlocking(() -> preparation.prepare(self, spec, HEALTHY_WITHIN_SECONDS), false))
        .compose(helper -> Requests.ask(vertx.eventBus(), Addresses.SELF_ROLL_HANDING_OVER,
                new RollClaim.HandingOver(spec.bodyHash()))
            .otherwise(e -> {
              LOG.warn("cannot date this host's turn in the fleet's roll anew ({}); the turn claimed stands",
                  e.getMessage());
              return false;
            })
            .compose(dated -> vertx.executeBlocking(() -> preparation.startHelper(helper), false)))
        .onSuccess(helper -> {
          state = "handing-over";
          report();
          LOG.info("the hand-over helper {} runs: it stops this Condo and starts the new one", helper);
          long patience = Duration.ofSeconds(HEALTHY_WITHIN_SECONDS + HandoverRun.OLD_STOP_SECONDS + 60).toMillis();
          vertx.setTimer(patience, id -> abandon(spec, helper));
        })
        .onFailure(e -> failed(spec, "self-deploy of " + spec.image() + " failed: " + e.getMessage()));
  }

  /** The helper never stopped this Condo: it failed before its first step. */
  private void abandon(ServiceSpec spec, String helper) {
    vertx.executeBlocking(() -> {
      preparation.discard(helper);
      return null;
    }, false).onComplete(done -> failed(spec, "the hand-over helper did not hand over within its time"));
  }

  private void failed(ServiceSpec spec, String why) {
    LOG.error("{}; this Condo goes on supervising", why);
    lastFailure = HandoverFiles.Failure.now(spec.bodyHash(), why);
    error = why;
    state = "running";
    report();
    vertx.eventBus().send(Addresses.SELF_ROLL_ENDED, new RollClaim.Failed(spec.bodyHash(), why));
    vertx.executeBlocking(() -> {
      files.writeFailure(lastFailure);
      return null;
    }, false).onFailure(e -> LOG.warn("cannot write {}: {}", files, e.getMessage()));
    Requests.ask(vertx.eventBus(), Addresses.DEPLOYS, new DeploysSwitch(false));
  }
}
