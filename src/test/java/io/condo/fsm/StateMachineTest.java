package io.condo.fsm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.condo.fsm.Action.Create;
import io.condo.fsm.Action.Remove;
import io.condo.fsm.Action.Start;
import io.condo.fsm.Event.Adopt;
import io.condo.fsm.Event.Created;
import io.condo.fsm.Event.CreateFailed;
import io.condo.fsm.Event.Observed;
import io.condo.fsm.Event.PullFailed;
import io.condo.fsm.Event.Pulled;
import io.condo.fsm.Event.Seen;
import io.condo.fsm.Event.SpecChanged;
import io.condo.fsm.Event.SpecDeleted;
import io.condo.fsm.Event.StartFailed;
import io.condo.fsm.Event.Started;
import io.condo.fsm.Event.Tick;
import io.condo.fsm.Snapshot.Init;
import io.condo.fsm.Snapshot.Stable;
import io.condo.fsm.Snapshot.TryAgain;
import io.condo.fsm.Snapshot.TryAgainNext;
import io.condo.fsm.Snapshot.Wait;
import io.condo.fsm.Snapshot.WaitNext;
import io.condo.spec.Deploy;
import io.condo.spec.ServiceSpec;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every row of SPEC §2's table: given a snapshot and an event, the exact next snapshot and the
 * exact Docker actions.
 */
class StateMachineTest {

  static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
  static final Instant NOW = Instant.parse("2026-11-25T11:00:00Z");
  static final String FRESH = "web_fresh";

  static final ServiceSpec V1 = spec("good:1", Deploy.BEFORE);
  static final ServiceSpec V2 = spec("good:2", Deploy.BEFORE);
  static final ServiceSpec V2_AFTER = spec("good:2", Deploy.after(5));
  static final ServiceSpec V3_AFTER = spec("good:3", Deploy.after(5));
  static final ServiceSpec V3_BEFORE = spec("good:3", Deploy.BEFORE);

  static final Container C1 = new Container("id1", "web_k1", "web_k1", V1, T0, T0);
  static final Container N2 = new Container("id2", "web_k2", "web_k2", V2_AFTER, T0, null);
  static final Container PLANNED_V2 = new Container(null, FRESH, FRESH, V2, NOW, null);
  static final Container PLANNED_V2_AFTER = new Container(null, FRESH, FRESH, V2_AFTER, NOW, null);

  static ServiceSpec spec(String image, Deploy deploy) {
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("Image", image);
    return ServiceSpec.of(body, deploy, 10, 7);
  }

  static Transition next(Snapshot s, Event e) {
    return StateMachine.next(s, e, NOW, FRESH);
  }

  static void expect(Transition actual, Snapshot snapshot, Action... actions) {
    assertEquals(snapshot, actual.snapshot(), "next snapshot");
    assertEquals(List.of(actions), actual.actions(), "Docker actions");
  }

  static Recovery recovery(Restarts restarts) {
    return new Recovery(restarts, null);
  }

  static Remove remove(Container c) {
    return new Remove(c.id(), c.key(), c.spec().stopTimeoutSeconds());
  }

  static Create create(Container planned) {
    return new Create(planned.key(), planned.name(), planned.spec());
  }

  static Action.Pull pull(Container planned) {
    return new Action.Pull(planned.key(), planned.spec());
  }

  @Nested
  class FromInit {
    @Test
    void specAppearsStartsAContainer() {
      Container planned = new Container(null, FRESH, FRESH, V1, NOW, null);
      expect(next(new Init(), new SpecChanged(V1)), new Wait(planned, null, 0), create(planned));
    }

    @Test
    void fixedNameIsUsedAsContainerName() {
      ObjectNode body = JsonNodeFactory.instance.objectNode().put("Image", "x:1").put("Name", "proxy");
      ServiceSpec named = ServiceSpec.of(body, Deploy.BEFORE, 10, 10);
      Container planned = new Container(null, FRESH, "proxy", named, NOW, null);
      expect(next(new Init(), new SpecChanged(named)), new Wait(planned, null, 0), create(planned));
    }

    @Test
    void aContainerWhoseCreateIsInFlightIsRemovedByItsKeyNeverByItsFixedName() {
      ObjectNode body = JsonNodeFactory.instance.objectNode().put("Image", "x:1").put("Name", "proxy");
      ServiceSpec named = ServiceSpec.of(body, Deploy.BEFORE, 10, 10);
      Container inFlight = new Container(null, "web_k9", "proxy", named, NOW, null);
      Container planned = new Container(null, FRESH, FRESH, V2, NOW, null);
      expect(next(new Wait(inFlight, null, 0), new SpecChanged(V2)), new Wait(planned, null, 0),
          new Remove(null, "web_k9", 10), create(planned));
      expect(next(new Wait(inFlight, null, 0), new SpecDeleted()), new Init(), new Remove(null, "web_k9", 10));
    }

    @Test
    void aRunningContainerMadeFromTheSpecIsTakenBackAsStableWithoutDockerWork() {
      Container running = new Container("id7", "web_k7", "web_k7", V1, NOW, null);
      expect(next(new Init(), new Event.Reclaim(running)), new Stable(running.stableSince(NOW), null));
    }

    @Test
    void reclaimMeansNothingOnceTheServiceHasASnapshot() {
      Stable stable = new Stable(C1, null);
      expect(next(stable, new Event.Reclaim(new Container("id7", "web_k7", "web_k7", V1, NOW, null))), stable);
    }

    @Test
    void nothingElseMatters() {
      expect(next(new Init(), new Tick()), new Init());
      expect(next(new Init(), new SpecDeleted()), new Init());
    }
  }

  @Nested
  class FromWait {
    final Container pending = new Container(null, "web_k1", "web_k1", V1, T0, null);
    final Container created = pending.withId("id1");

    @Test
    void createdContainerIsStarted() {
      expect(next(new Wait(pending, null, 0), new Created("web_k1", "id1")),
          new Wait(created, null, 0), new Start("id1"));
    }

    @Test
    void createErrorRetriesWithBackoffAndDockersMessage() {
      expect(next(new Wait(pending, null, 2), new CreateFailed("web_k1", "manifest for good:1 not found")),
          new TryAgain(V1, NOW.plusSeconds(4), 3, "manifest for good:1 not found"));
    }

    @Test
    void startedContainerGetsAHealthDeadline() {
      expect(next(new Wait(created, null, 0), new Started("id1", Health.STARTING, null)),
          new Wait(created, NOW.plusSeconds(10), 0));
    }

    @Test
    void startedContainerWithoutHealthCheckIsStableAtOnce() {
      expect(next(new Wait(created, null, 0), new Started("id1", Health.HEALTHY, null)),
          new Stable(created.stableSince(NOW), null));
    }

    @Test
    void startErrorRemovesTheContainerAndRetries() {
      expect(next(new Wait(created, null, 0), new StartFailed("id1", "port is already allocated")),
          new TryAgain(V1, NOW.plusSeconds(1), 1, "port is already allocated"), remove(created));
    }

    @Test
    void healthyIsStableWithStableAtSet() {
      expect(next(new Wait(created, NOW, 0), new Observed("id1", Health.HEALTHY, null)),
          new Stable(created.stableSince(NOW), null));
    }

    @Test
    void healthTimeoutRemovesAndRetries() {
      expect(next(new Wait(created, NOW, 1), new Tick()),
          new TryAgain(V1, NOW.plusSeconds(2), 2, "container web_k1 was not healthy within 10 s"),
          remove(created));
    }

    @Test
    void tickBeforeTheDeadlineChangesNothing() {
      Wait waiting = new Wait(created, NOW.plusSeconds(1), 0);
      expect(next(waiting, new Tick()), waiting);
    }

    @Test
    void unhealthyFailsBeforeTheTimeout() {
      expect(next(new Wait(created, NOW.plusSeconds(9), 0), new Observed("id1", Health.UNHEALTHY, "probe said no")),
          new TryAgain(V1, NOW.plusSeconds(1), 1, "container is unhealthy: probe said no"), remove(created));
    }

    @Test
    void exitFailsBeforeTheTimeout() {
      expect(next(new Wait(created, NOW.plusSeconds(9), 0), new Observed("id1", Health.EXITED, "exited with exit code 3")),
          new TryAgain(V1, NOW.plusSeconds(1), 1, "container exited: exited with exit code 3"), remove(created));
    }

    @Test
    void newSpecReplacesTheWaitedContainer() {
      expect(next(new Wait(created, NOW, 0), new SpecChanged(V2)),
          new Wait(PLANNED_V2, null, 0), remove(created), create(PLANNED_V2));
    }

    @Test
    void sameSpecWithOtherOptionsOnlyUpdatesOptions() {
      ServiceSpec longer = ServiceSpec.of(V1.body(), Deploy.after(3), 60, 1);
      expect(next(new Wait(created, NOW, 0), new SpecChanged(longer)),
          new Wait(created.withSpec(longer), NOW, 0));
    }

    @Test
    void specDeletedRemovesTheContainer() {
      expect(next(new Wait(created, NOW, 0), new SpecDeleted()), new Init(), remove(created));
    }

    @Test
    void staleHealthOfAnotherContainerIsIgnored() {
      Wait waiting = new Wait(created, NOW.plusSeconds(5), 0);
      expect(next(waiting, new Observed("old-id", Health.HEALTHY, null)), waiting);
      expect(next(waiting, new Started("old-id", Health.EXITED, null)), waiting);
    }
  }

  @Nested
  class FromTryAgain {
    final TryAgain failed = new TryAgain(V1, NOW, 3, "boom");

    @Test
    void retryTimeStartsAgainKeepingTheFailureCount() {
      Container planned = new Container(null, FRESH, FRESH, V1, NOW, null);
      expect(next(failed, new Tick()), new Wait(planned, null, 3), create(planned));
    }

    @Test
    void dockerBackRetriesAtOnceKeepingTheFailureCount() {
      TryAgain later = new TryAgain(V1, NOW.plusSeconds(30), 5, "Docker did not answer");
      Container planned = new Container(null, FRESH, FRESH, V1, NOW, null);
      expect(next(later, new Event.RetryNow()), new Wait(planned, null, 5), create(planned));
    }

    @Test
    void earlyTickChangesNothing() {
      TryAgain later = new TryAgain(V1, NOW.plusSeconds(3), 3, "boom");
      expect(next(later, new Tick()), later);
    }

    @Test
    void newSpecStartsAtOnceAndResetsBackoff() {
      expect(next(new TryAgain(V1, NOW.plusSeconds(30), 5, "boom"), new SpecChanged(V2)),
          new Wait(PLANNED_V2, null, 0), create(PLANNED_V2));
    }

    @Test
    void specDeletedForgetsIt() {
      expect(next(failed, new SpecDeleted()), new Init());
    }

    @Test
    void backoffDoublesToACap() {
      assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L),
          List.of(1, 2, 3, 4, 5, 6, 7, 20).stream().map(n -> Backoff.DEPLOY.afterFailures(n).toSeconds()).toList());
    }
  }

  @Nested
  class FromStable {
    final Stable stable = new Stable(C1, null);

    @Test
    void beforeDeployPullsTheNewImageWhileTheOldServes() {
      expect(next(stable, new SpecChanged(V2)), new WaitNext(C1, PLANNED_V2, null, null, 0), pull(PLANNED_V2));
    }

    @Test
    void afterDeployStartsNewBesideOld() {
      expect(next(stable, new SpecChanged(V2_AFTER)),
          new WaitNext(C1, PLANNED_V2_AFTER, null, null, 0), create(PLANNED_V2_AFTER));
    }

    @Test
    void sameSpecDoesNothing() {
      ServiceSpec reordered = ServiceSpec.of(V1.body().deepCopy(), Deploy.BEFORE, 30, 2);
      expect(next(stable, new SpecChanged(reordered)), new Stable(C1.withSpec(reordered), null));
    }

    @Test
    void specDeletedRemovesTheContainer() {
      expect(next(stable, new SpecDeleted()), new Init(), remove(C1));
    }

    @Test
    void unhealthyIsReportedNotRestarted() {
      expect(next(stable, new Observed("id1", Health.UNHEALTHY, "probe said no")),
          new Stable(C1, "container is unhealthy: probe said no"));
    }

    @Test
    void healthyAgainClearsTheProblem() {
      expect(next(new Stable(C1, "container is unhealthy"), new Observed("id1", Health.HEALTHY, null)), stable);
    }

    @Test
    void exitedWithoutRestartPolicyIsRedeployedWithBackoffAndCounted() {
      Restarts first = new Restarts(1, 1);
      expect(next(stable, new Observed("id1", Health.EXITED, "exited with exit code 1")),
          new TryAgain(V1, first.retryAt(NOW, FRESH), 1, "container exited: exited with exit code 1", recovery(first), V1),
          remove(C1));
    }

    @Test
    void aCrashLoopKeepsDoublingAcrossRestarts() {
      Container again = new Container("id9", "web_k9", "web_k9", V1, NOW.minusSeconds(2), NOW.minusSeconds(2));
      Restarts third = new Restarts(3, 3);
      expect(next(new Stable(again, null, recovery(new Restarts(2, 2)), null),
              new Observed("id9", Health.EXITED, "exited with exit code 3")),
          new TryAgain(V1, third.retryAt(NOW, FRESH), 1, "container exited: exited with exit code 3", recovery(third), V1),
          remove(again));
    }

    @Test
    void tenCalmMinutesStartTheBackoffAgainButKeepTheCount() {
      Container calm = new Container("id9", "web_k9", "web_k9", V1, T0, NOW.minus(Restarts.CALM));
      Restarts fourth = new Restarts(4, 1);
      expect(next(new Stable(calm, null, recovery(new Restarts(3, 3)), null),
              new Observed("id9", Health.EXITED, "exited with exit code 3")),
          new TryAgain(V1, fourth.retryAt(NOW, FRESH), 1, "container exited: exited with exit code 3", recovery(fourth), V1),
          remove(calm));
    }

    @Test
    void theRestartsGoThroughTheRetryAndTheWaitIntoStable() {
      Recovery restarts = recovery(new Restarts(2, 2));
      Container planned = new Container(null, FRESH, FRESH, V1, NOW, null);
      expect(next(new TryAgain(V1, NOW, 1, "exited", restarts, V1), new Tick()),
          new Wait(planned, null, 1, restarts, V1), create(planned));
      Container started = new Container("id3", FRESH, FRESH, V1, NOW, null);
      expect(next(new Wait(started, NOW.plusSeconds(10), 1, restarts, V1), new Observed("id3", Health.HEALTHY, null)),
          new Stable(started.stableSince(NOW), null, restarts, null));
    }

    @Test
    void aNewSpecForgetsTheRestarts() {
      expect(next(new Stable(C1, null, recovery(new Restarts(5, 5)), null), new SpecChanged(V2_AFTER)),
          new WaitNext(C1, PLANNED_V2_AFTER, null, null, 0), create(PLANNED_V2_AFTER));
      expect(next(new TryAgain(V1, NOW.plusSeconds(60), 1, "exited", recovery(new Restarts(5, 5)), V1),
              new SpecChanged(V2)),
          new Wait(PLANNED_V2, null, 0, Recovery.NONE, V1), create(PLANNED_V2));
    }

    @Test
    void exitedWithRestartPolicyIsLeftToDocker() {
      ObjectNode body = V1.body().deepCopy();
      body.putObject("HostConfig").putObject("RestartPolicy").put("Name", "always");
      Container restarting = C1.withSpec(ServiceSpec.of(body, Deploy.BEFORE, 10, 7));
      expect(next(new Stable(restarting, null), new Observed("id1", Health.EXITED, "exited with exit code 1")),
          new Stable(restarting, "container exited: exited with exit code 1; Docker's restart policy restarts it"));
    }

    @Test
    void goneIsRedeployedWithBackoff() {
      Restarts first = new Restarts(1, 1);
      expect(next(stable, new Observed("id1", Health.GONE, "removed")),
          new TryAgain(V1, first.retryAt(NOW, FRESH), 1, "container disappeared: removed", recovery(first), V1));
    }
  }

  @Nested
  class PullingForABeforeDeploy {
    final Container pulling = new Container(null, FRESH, FRESH, V2, T0, null);
    final WaitNext waiting = new WaitNext(C1, pulling, null, null, 1);

    @Test
    void theOldStopsOnlyOnceTheImageIsHere() {
      expect(next(waiting, new Pulled(FRESH)), new Wait(PLANNED_V2, null, 1, Recovery.NONE, V1), remove(C1),
          create(PLANNED_V2));
    }

    @Test
    void anImageThatCannotBePulledLeavesTheOldServingAndRetriesWithBackoff() {
      expect(next(waiting, new PullFailed(FRESH, "manifest unknown")),
          new TryAgainNext(C1, V2, NOW.plus(Backoff.DEPLOY.afterFailures(2)), 2, "manifest unknown"));
    }

    @Test
    void theRetryPullsAgainBeforeStoppingAnything() {
      expect(next(new TryAgainNext(C1, V2, NOW, 2, "manifest unknown"), new Tick()),
          new WaitNext(C1, PLANNED_V2, null, null, 2), pull(PLANNED_V2));
    }

    @Test
    void aPullForAnotherContainerChangesNothing() {
      expect(next(waiting, new Pulled("web_other")), waiting);
      expect(next(waiting, new PullFailed("web_other", "boom")), waiting);
    }

    @Test
    void nothingIsDueWhilePulling() {
      expect(next(waiting, new Tick()), waiting);
    }

    @Test
    void goingBackToTheServingSpecDropsThePull() {
      expect(next(waiting, new SpecChanged(V1)), new Stable(C1, null), remove(pulling));
    }

    @Test
    void killedWhilePullingPullsAgainUnderTheSameKey() {
      expect(next(waiting, new Adopt(seen(new Seen("id1", "web_k1", Health.HEALTHY, null)))),
          waiting, pull(pulling));
    }
  }

  @Nested
  class FromWaitNext {
    final WaitNext waiting = new WaitNext(C1, N2, NOW.plusSeconds(5), null, 0);

    @Test
    void createdNextIsStarted() {
      Container pending = new Container(null, "web_k2", "web_k2", V2_AFTER, T0, null);
      expect(next(new WaitNext(C1, pending, null, null, 0), new Created("web_k2", "id2")),
          new WaitNext(C1, N2, null, null, 0), new Start("id2"));
    }

    @Test
    void healthyNextStartsTheOverlapTimerAndStopsNothingYet() {
      expect(next(waiting, new Observed("id2", Health.HEALTHY, null)),
          new WaitNext(C1, N2, NOW.plusSeconds(5), NOW.plusSeconds(5), 0));
    }

    @Test
    void overlapElapsedRemovesOldAndIsStableWithStableAt() {
      WaitNext overlapping = new WaitNext(C1, N2, T0, NOW, 0);
      expect(next(overlapping, new Tick()), new Stable(N2.stableSince(NOW), null), remove(C1));
    }

    @Test
    void zeroOverlapRetiresAtOnce() {
      ServiceSpec after0 = spec("good:2", Deploy.after(0));
      Container n = N2.withSpec(after0);
      expect(next(new WaitNext(C1, n, NOW, null, 0), new Observed("id2", Health.HEALTHY, null)),
          new Stable(n.stableSince(NOW), null), remove(C1));
    }

    @Test
    void healthTimeoutRemovesNextAndKeepsOldServing() {
      expect(next(new WaitNext(C1, N2, NOW, null, 0), new Tick()),
          new TryAgainNext(C1, V2_AFTER, NOW.plusSeconds(1), 1, "container web_k2 was not healthy within 10 s"),
          remove(N2));
    }

    @Test
    void unhealthyNextFailsEarly() {
      expect(next(waiting, new Observed("id2", Health.UNHEALTHY, null)),
          new TryAgainNext(C1, V2_AFTER, NOW.plusSeconds(1), 1, "container is unhealthy"), remove(N2));
    }

    @Test
    void createErrorKeepsOldServing() {
      Container pending = new Container(null, "web_k2", "web_k2", V2_AFTER, T0, null);
      expect(next(new WaitNext(C1, pending, null, null, 0), new CreateFailed("web_k2", "manifest unknown")),
          new TryAgainNext(C1, V2_AFTER, NOW.plusSeconds(1), 1, "manifest unknown"));
    }

    @Test
    void newAfterSpecReplacesNext() {
      Container planned = new Container(null, FRESH, FRESH, V3_AFTER, NOW, null);
      expect(next(waiting, new SpecChanged(V3_AFTER)),
          new WaitNext(C1, planned, null, null, 0), remove(N2), create(planned));
    }

    @Test
    void newBeforeSpecDropsTheNextAndPullsWhileTheOldServes() {
      Container planned = new Container(null, FRESH, FRESH, V3_BEFORE, NOW, null);
      expect(next(waiting, new SpecChanged(V3_BEFORE)),
          new WaitNext(C1, planned, null, null, 0), remove(N2), pull(planned));
    }

    @Test
    void rollbackToStableSpecStartsNothing() {
      expect(next(waiting, new SpecChanged(V1)), new Stable(C1, null), remove(N2));
    }

    @Test
    void specDeletedRemovesBoth() {
      expect(next(waiting, new SpecDeleted()), new Init(), remove(N2), remove(C1));
    }

    @Test
    void startedNextGetsItsHealthDeadlineWhileTheOldServes() {
      expect(next(new WaitNext(C1, N2, null, null, 0), new Started("id2", Health.STARTING, null)),
          new WaitNext(C1, N2, NOW.plusSeconds(10), null, 0));
    }

    @Test
    void nextHealthyAtItsStartBeginsTheOverlap() {
      expect(next(new WaitNext(C1, N2, null, null, 0), new Started("id2", Health.HEALTHY, null)),
          new WaitNext(C1, N2, NOW.plusSeconds(10), NOW.plusSeconds(5), 0));
    }

    @Test
    void nextThatFailsToStartIsRemovedAndTheOldKeepsServing() {
      expect(next(new WaitNext(C1, N2, null, null, 0), new StartFailed("id2", "port is already allocated")),
          new TryAgainNext(C1, V2_AFTER, NOW.plusSeconds(1), 1, "port is already allocated"), remove(N2));
    }

    @Test
    void specChangeDuringOverlapIsHandledAtOnce() {
      WaitNext overlapping = new WaitNext(C1, N2, T0, NOW.plusSeconds(4), 0);
      expect(next(overlapping, new SpecChanged(V1)), new Stable(C1, null), remove(N2));
    }
  }

  @Nested
  class FromTryAgainNext {
    final TryAgainNext failed = new TryAgainNext(C1, V2_AFTER, NOW, 2, "boom");

    @Test
    void retryTimeStartsNextAgain() {
      expect(next(failed, new Tick()), new WaitNext(C1, PLANNED_V2_AFTER, null, null, 2),
          create(PLANNED_V2_AFTER));
    }

    @Test
    void dockerBackStartsNextAtOnce() {
      expect(next(new TryAgainNext(C1, V2_AFTER, NOW.plusSeconds(40), 6, "boom"), new Event.RetryNow()),
          new WaitNext(C1, PLANNED_V2_AFTER, null, null, 6), create(PLANNED_V2_AFTER));
    }

    @Test
    void dockerBackChangesNothingElsewhere() {
      Stable stable = new Stable(C1, null);
      expect(next(stable, new Event.RetryNow()), stable);
    }

    @Test
    void newSpecStartsAtOnce() {
      Container planned = new Container(null, FRESH, FRESH, V3_AFTER, NOW, null);
      expect(next(new TryAgainNext(C1, V2_AFTER, NOW.plusSeconds(40), 6, "boom"), new SpecChanged(V3_AFTER)),
          new WaitNext(C1, planned, null, null, 0), create(planned));
    }

    @Test
    void rollbackToStableSpecStartsNothing() {
      expect(next(failed, new SpecChanged(V1)), new Stable(C1, null));
    }

    @Test
    void specDeletedRemovesTheServingContainer() {
      expect(next(failed, new SpecDeleted()), new Init(), remove(C1));
    }

    @Test
    void aBeforeSpecPullsWhileTheServingContainerServes() {
      Container planned = new Container(null, FRESH, FRESH, V3_BEFORE, NOW, null);
      expect(next(failed, new SpecChanged(V3_BEFORE)), new WaitNext(C1, planned, null, null, 0), pull(planned));
    }

    @Test
    void anOptionOnlyChangeKeepsTheRetryWithTheNewOptions() {
      ServiceSpec options = ServiceSpec.of(V2_AFTER.body(), Deploy.after(9), 20, 3);
      expect(next(failed, new SpecChanged(options)), new TryAgainNext(C1, options, NOW, 2, "boom"));
    }
  }

  @Nested
  class StaleResults {
    @Test
    void containerCreatedForNobodyIsRemoved() {
      Stable stable = new Stable(C1, null);
      expect(next(stable, new Created("web_gone", "orphan-id")), stable, new Remove("orphan-id", "web_gone", 0));
    }

    @Test
    void lateCreateOfOldContainerWithSameFixedNameIsNotTakenForTheNewOne() {
      ObjectNode body = V2.body().deepCopy().put("Name", "proxy");
      ServiceSpec named = ServiceSpec.of(body, Deploy.BEFORE, 10, 7);
      Container planned = new Container(null, "web_new", "proxy", named, NOW, null);
      Wait waiting = new Wait(planned, null, 0);
      expect(next(waiting, new Created("web_old", "old-id")), waiting, new Remove("old-id", "web_old", 0));
    }
  }

  static Map<String, Seen> seen(Seen... containers) {
    Map<String, Seen> byIdAndKey = new HashMap<>();
    for (Seen s : containers) {
      byIdAndKey.put(s.id(), s);
      byIdAndKey.put(s.key(), s);
    }
    return byIdAndKey;
  }

  @Nested
  class AfterARestart {

    @Test
    void runningStableContainerIsAdoptedNotRestarted() {
      Stable stable = new Stable(C1, null);
      expect(next(stable, new Adopt(seen(new Seen("id1", "web_k1", Health.HEALTHY, null)))), stable);
    }

    @Test
    void stableContainerGoneWhileDownIsRedeployed() {
      Restarts first = new Restarts(1, 1);
      expect(next(new Stable(C1, null), new Adopt(Map.of())),
          new TryAgain(V1, first.retryAt(NOW, FRESH), 1, "container disappeared: while Condo was down",
              recovery(first), V1));
    }

    @Test
    void waitResumesOnTheRunningContainer() {
      Container created = new Container("id1", "web_k1", "web_k1", V1, T0, null);
      expect(next(new Wait(created, null, 0), new Adopt(seen(new Seen("id1", "web_k1", Health.STARTING, null)))),
          new Wait(created, NOW.plusSeconds(10), 0));
    }

    @Test
    void killedBetweenCreateAndStartStartsTheCreatedContainer() {
      Container pending = new Container(null, "web_k1", "web_k1", V1, T0, null);
      expect(next(new Wait(pending, null, 0), new Adopt(seen(new Seen("id1", "web_k1", Health.CREATED, null)))),
          new Wait(pending.withId("id1"), null, 0), new Start("id1"));
    }

    @Test
    void killedBeforeCreateCreatesUnderTheSameKey() {
      Container pending = new Container(null, "web_k1", "web_k1", V1, T0, null);
      Wait waiting = new Wait(pending, null, 0);
      expect(next(waiting, new Adopt(Map.of())), waiting, create(pending));
    }

    @Test
    void waitNextResumesWithoutAThirdContainer() {
      WaitNext waiting = new WaitNext(C1, N2, null, null, 0);
      expect(next(waiting, new Adopt(seen(new Seen("id1", "web_k1", Health.HEALTHY, null),
              new Seen("id2", "web_k2", Health.STARTING, null)))),
          new WaitNext(C1, N2, NOW.plusSeconds(10), null, 0));
    }

    @Test
    void waitNextWhoseOldContainerDiedBecomesAWait() {
      WaitNext waiting = new WaitNext(C1, N2, null, null, 0);
      expect(next(waiting, new Adopt(seen(new Seen("id1", "web_k1", Health.EXITED, "exited"),
              new Seen("id2", "web_k2", Health.HEALTHY, null)))),
          new Stable(N2.stableSince(NOW), null), remove(C1));
    }

    @Test
    void tryAgainNextWhoseServingContainerRunsWaitsOutItsRetry() {
      TryAgainNext failed = new TryAgainNext(C1, V2_AFTER, NOW.plusSeconds(30), 2, "boom");
      expect(next(failed, new Adopt(seen(new Seen("id1", "web_k1", Health.HEALTHY, null)))), failed);
    }

    @Test
    void tryAgainNextWhoseServingContainerWasLostDeploysTheNewSpecAfterItsBackoff() {
      TryAgainNext failed = new TryAgainNext(C1, V2_AFTER, NOW.plusSeconds(30), 2, "boom");
      expect(next(failed, new Adopt(Map.of())),
          new TryAgain(V2_AFTER, NOW.plusSeconds(2), 2, "serving container was lost while Condo was down",
              Recovery.NONE, V1));
    }

    @Test
    void tryAgainNextWhoseServingContainerExitedRemovesIt() {
      TryAgainNext failed = new TryAgainNext(C1, V2_AFTER, NOW.plusSeconds(30), 2, "boom");
      expect(next(failed, new Adopt(seen(new Seen("id1", "web_k1", Health.EXITED, "exited with 137")))),
          new TryAgain(V2_AFTER, NOW.plusSeconds(2), 2, "serving container was lost while Condo was down",
              Recovery.NONE, V1), remove(C1));
    }

    @Test
    void inspectIsNotNeededWhenDockerAlreadySaidHealthy() {
      Container created = new Container("id1", "web_k1", "web_k1", V1, T0, null);
      expect(next(new Wait(created, null, 0), new Adopt(seen(new Seen("id1", "web_k1", Health.HEALTHY, null)))),
          new Stable(created.stableSince(NOW), null));
      assertEquals(List.of(), next(new Init(), new Adopt(Map.of())).actions());
    }
  }
}
