package io.condo.self;

import io.condo.bus.Addresses;
import io.condo.bus.DeploysSwitch;
import io.condo.bus.DockerCommand;
import io.condo.bus.DockerReply;
import io.condo.bus.Requests;
import io.condo.bus.RollClaim;
import io.condo.bus.SelfQuery;
import io.condo.bus.SelfStatus;
import io.condo.bus.SpecFileEvent;
import io.condo.spec.ServiceSpec;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Condo replacing itself when {@code self.edn} differs from the body it was started from (README,
 * "Self-deploy"). The new container cannot publish the host port the old one holds, so they never
 * run together: this Condo pauses its Docker work, pulls the new image, creates the new container
 * (not started) and a helper from the new image, writes the hand-over beside the state, and starts
 * the helper ({@link HandoverRun}), which stops this Condo, starts the new one and waits for it
 * to be healthy, or puts this one back. Anything failing before the helper runs leaves this Condo
 * supervising as before, with the failure reported. Docker is reached through the Docker worker.
 */
public final class SelfDeployVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SelfDeployVerticle.class);
  /** Where a Condo started by a self-deploy finds the hash of the body it was made from. */
  public static final String STARTED_FROM_ENV = SuccessorBodies.SELF_HASH_ENV;
  /** How long the new Condo has to be healthy. */
  static final int HEALTHY_WITHIN_SECONDS = 120;
  /** How often a host waiting for its turn in the fleet's roll asks again. */
  private static final long TURN_ASKED_EVERY_MILLIS = 1_000;

  private final HandoverFiles files;
  private final String startedFrom;
  private final Supplier<Optional<String>> ownContainer;
  private HandoverPreparation preparation;
  private SelfIdentity self;
  private HandoverFiles.Failure lastFailure;
  private ServiceSpec desired;
  private String invalid;
  private SelfPhase phase = SelfPhase.Running.PLAIN;
  private String error;
  /** A claim of this host's turn is unanswered: a decision now waits for its answer. */
  private boolean claiming;
  private boolean decideAgain;
  private long retry = -1;
  private SelfStatus reported;

  /**
   * @param startedFrom the hash in this container's environment, null when started by hand
   * @param ownContainer the id of the container this Condo runs in, if it runs in one
   */
  public SelfDeployVerticle(Path stateFile, String startedFrom, Supplier<Optional<String>> ownContainer) {
    this.files = new HandoverFiles(stateFile);
    this.startedFrom = startedFrom;
    this.ownContainer = ownContainer;
  }

  /** As Condo runs it: its own container found from /proc. */
  public SelfDeployVerticle(Path stateFile, String startedFrom) {
    this(stateFile, startedFrom, OwnContainer::find);
  }

  @Override
  public Future<?> start() {
    preparation = new HandoverPreparation(vertx, files);
    return vertx.executeBlocking(() -> {
      try {
        lastFailure = files.failure();
      } catch (IOException e) {
        LOG.warn("cannot read the record of an earlier self-deploy's failure ({}); going on without it", e.getMessage());
      }
      return ownContainer.get();
    }, false).compose(this::identify).compose(identified -> {
      self = identified;
      error = lastFailure == null ? null : lastFailure.error();
      var bus = vertx.eventBus();
      return Future.all(Requests.answerNow(bus, Addresses.SELF_QUERY, (SelfQuery query) -> status()),
          bus.<SpecFileEvent>localConsumer(Addresses.SELF_SPEC, m -> onSelfSpec(m.body())).completion());
    });
  }

  private SelfStatus status() {
    return new SelfStatus(self.image(), startedFrom, phase.label(), invalid != null ? invalid : error, phase.roll());
  }

  /** Tells the fleet (and so every instance's global_state) when this Condo's status changed. */
  private void report() {
    SelfStatus now = status();
    if (!now.equals(reported)) {
      reported = now;
      vertx.eventBus().publish(Addresses.SELF_CHANGES, now);
    }
  }

  /** Which container this Condo runs in, and a hand-over from it that was cut short cancelled. */
  private Future<SelfIdentity> identify(Optional<String> id) {
    SelfIdentity byHand = new SelfIdentity(null, null, null, startedFrom);
    if (id.isEmpty()) {
      return Future.succeededFuture(byHand);
    }
    return docker(new DockerCommand.InspectOwn(id.get()))
        .map(own -> own.name() == null ? byHand : new SelfIdentity(id.get(), own.name(), own.image(), startedFrom))
        .recover(e -> {
          // Docker away at start: self-deploy needs it, supervising does not wait for it.
          LOG.warn("cannot tell which container this Condo runs in ({}); self.edn will be refused", e.getMessage());
          return Future.succeededFuture(byHand);
        })
        .compose(identified -> cancelOwnHandover(identified).otherwise(e -> {
          // A full disk or a read-only volume must not keep the Condo that supervises from starting.
          LOG.warn("cannot cancel a hand-over cut short ({}); this Condo supervises all the same", e.getMessage());
          return null;
        }).map(identified));
  }

  /**
   * A Condo that runs is not being replaced: a hand-over from it that is still written down was
   * cut short (this Condo crashed while preparing it and Docker restarted it; or the helper put it
   * back and has not cleaned up yet). Its successor and helper are removed and the self.edn is
   * tried again. A hand-over to this Condo (it is the successor) is the helper's to finish.
   */
  private Future<Void> cancelOwnHandover(SelfIdentity identified) {
    if (identified.containerId() == null) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(files::handover, false).compose(h -> {
      if (h != null && !h.predecessor().equals(identified.containerId())) {
        return Future.succeededFuture();
      }
      return docker(new DockerCommand.ListLabelled(SuccessorBodies.PREDECESSOR_LABEL + "=" + identified.containerId()))
          .compose(left -> {
            if (!left.ids().isEmpty()) {
              LOG.info("removing {}, left by a self-deploy that did not happen", left.ids());
            }
            return preparation.removeThenEnd(left.ids());
          });
    });
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
    if (phase.deploying()) {
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
    phase = SelfPhase.Running.PLAIN;
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
        decideAgain = false;
        deploy(spec); // granted: a self.edn changed since is the next Condo's to deploy
        return;
      }
      if (!verdict.why().equals(phase.roll())) {
        LOG.info("self-deploy of {} {}", spec.image(), verdict.why());
      }
      phase = verdict.kind() == RollClaim.Kind.STOPPED ? new SelfPhase.Running(verdict.why())
          : new SelfPhase.Waiting(verdict.why());
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
    phase = new SelfPhase.Deploying(spec);
    error = null;
    report();
    LOG.info("self.edn differs from what this Condo was started from: replacing it with {}", spec.image());
    Requests.ask(vertx.eventBus(), Addresses.DEPLOYS, new DeploysSwitch(true))
        .compose(paused -> preparation.prepare(self, spec, HEALTHY_WITHIN_SECONDS))
        .compose(helper -> Requests.ask(vertx.eventBus(), Addresses.SELF_ROLL_HANDING_OVER,
                new RollClaim.HandingOver(spec.bodyHash()))
            .otherwise(e -> {
              LOG.warn("cannot date this host's turn in the fleet's roll anew ({}); the turn claimed stands",
                  e.getMessage());
              return false;
            })
            .compose(dated -> preparation.startHelper(helper)))
        .onSuccess(helper -> {
          phase = new SelfPhase.HandingOver(spec, helper);
          report();
          LOG.info("the hand-over helper {} runs: it stops this Condo and starts the new one", helper);
          long patience = Duration.ofSeconds(HEALTHY_WITHIN_SECONDS + HandoverRun.OLD_STOP_SECONDS + 60).toMillis();
          vertx.setTimer(patience, id -> abandon(spec, helper));
        })
        .onFailure(e -> failed(spec, "self-deploy of " + spec.image() + " failed: " + e.getMessage()));
  }

  /** The helper never stopped this Condo: it failed before its first step. */
  private void abandon(ServiceSpec spec, String helper) {
    preparation.discard(helper).onComplete(done -> failed(spec, "the hand-over helper did not hand over within its time"));
  }

  private void failed(ServiceSpec spec, String why) {
    LOG.error("{}; this Condo goes on supervising", why);
    lastFailure = HandoverFiles.Failure.now(spec.bodyHash(), why);
    error = why;
    phase = SelfPhase.Running.PLAIN;
    report();
    vertx.eventBus().send(Addresses.SELF_ROLL_ENDED, new RollClaim.Failed(spec.bodyHash(), why));
    vertx.executeBlocking(() -> {
      files.writeFailure(lastFailure);
      return null;
    }, false).onFailure(e -> LOG.warn("cannot write {}: {}", files, e.getMessage()));
    Requests.ask(vertx.eventBus(), Addresses.DEPLOYS, new DeploysSwitch(false));
  }

  private <R extends DockerReply> Future<R> docker(DockerCommand<R> command) {
    return Requests.docker(vertx.eventBus(), command);
  }
}
