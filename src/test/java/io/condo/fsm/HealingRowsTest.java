package io.condo.fsm;

import static io.condo.fsm.StateMachineTest.C1;
import static io.condo.fsm.StateMachineTest.FRESH;
import static io.condo.fsm.StateMachineTest.NOW;
import static io.condo.fsm.StateMachineTest.T0;
import static io.condo.fsm.StateMachineTest.V1;
import static io.condo.fsm.StateMachineTest.create;
import static io.condo.fsm.StateMachineTest.expect;
import static io.condo.fsm.StateMachineTest.next;
import static io.condo.fsm.StateMachineTest.recovery;
import static io.condo.fsm.StateMachineTest.remove;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.condo.fsm.Event.Created;
import io.condo.fsm.Event.CreateFailed;
import io.condo.fsm.Event.Observed;
import io.condo.fsm.Event.PullFailed;
import io.condo.fsm.Event.SpecChanged;
import io.condo.fsm.Event.Tick;
import io.condo.fsm.Snapshot.Stable;
import io.condo.fsm.Snapshot.TryAgain;
import io.condo.fsm.Snapshot.TryAgainNext;
import io.condo.fsm.Snapshot.Wait;
import io.condo.fsm.Snapshot.WaitNext;
import io.condo.spec.Deploy;
import io.condo.spec.Healing;
import io.condo.spec.ServiceSpec;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The rows of SPEC §2a: rollback to the last good spec, replacing the unhealthy, an operator's stop. */
class HealingRowsTest {

  static final ServiceSpec BAD_BEFORE = spec("bad:2", Deploy.BEFORE, new Healing(2, 0));
  static final ServiceSpec BAD_AFTER = spec("bad:2", Deploy.after(0), new Healing(2, 0));

  static ServiceSpec spec(String image, Deploy deploy, Healing healing) {
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("Image", image);
    return ServiceSpec.of(body, deploy, 10, 7, healing);
  }

  static ServiceSpec withStartPeriod(ServiceSpec spec, long seconds) {
    ObjectNode body = spec.body();
    body.putObject("Healthcheck").put("StartPeriod", seconds * 1_000_000_000L);
    return ServiceSpec.of(body, spec.deploy(), spec.healthTimeoutSeconds(), spec.stopTimeoutSeconds(), spec.healing());
  }

  @Nested
  class RollbackAfterABeforeDeploy {

    final Container failing = new Container("id2", "web_k2", "web_k2", BAD_BEFORE, NOW, null);

    @Test
    void failuresBelowTheCountAreRetriedAndRememberTheLastGoodSpec() {
      expect(next(new Wait(failing, NOW, 0, Recovery.NONE, V1), new Observed("id2", Health.EXITED, "code 1")),
          new TryAgain(BAD_BEFORE, NOW.plus(Backoff.DEPLOY.afterFailures(1)), 1, "container exited: code 1",
              Recovery.NONE, V1), remove(failing));
    }

    @Test
    void theNthFailureStartsTheLastGoodSpecAndRemembersTheFailedOne() {
      Container good = new Container(null, FRESH, FRESH, V1, NOW, null);
      Recovery rolledBack = Recovery.rolledBackFrom(BAD_BEFORE, "container exited: code 1", NOW);
      expect(next(new Wait(failing, NOW, 1, Recovery.NONE, V1), new Observed("id2", Health.EXITED, "code 1")),
          new Wait(good, null, 0, rolledBack, V1), remove(failing), create(good));
    }

    @Test
    void aCreateThatKeepsFailingRollsBackToo() {
      Container planned = new Container(null, "web_k2", "web_k2", BAD_BEFORE, NOW, null);
      Container good = new Container(null, FRESH, FRESH, V1, NOW, null);
      expect(next(new Wait(planned, null, 1, Recovery.NONE, V1), new CreateFailed("web_k2", "no such image")),
          new Wait(good, null, 0, Recovery.rolledBackFrom(BAD_BEFORE, "no such image", NOW), V1), create(good));
    }

    @Test
    void withNoGoodSpecBeforeItARollbackRuleKeepsRetrying() {
      expect(next(new Wait(failing, NOW, 5, Recovery.NONE, null), new Observed("id2", Health.EXITED, "code 1")),
          new TryAgain(BAD_BEFORE, NOW.plus(Backoff.DEPLOY.afterFailures(6)), 6, "container exited: code 1",
              Recovery.NONE, null), remove(failing));
    }

    @Test
    void retryIsTodaysBehaviourWhateverTheCount() {
      ServiceSpec retrying = spec("bad:2", Deploy.BEFORE, Healing.DEFAULT);
      Container c = new Container("id2", "web_k2", "web_k2", retrying, NOW, null);
      expect(next(new Wait(c, NOW, 9, Recovery.NONE, V1), new Observed("id2", Health.EXITED, "code 1")),
          new TryAgain(retrying, NOW.plus(Backoff.DEPLOY.afterFailures(10)), 10, "container exited: code 1",
              Recovery.NONE, V1), remove(c));
    }
  }

  @Nested
  class RollbackAfterAnAfterDeploy {

    final Container next = new Container("id2", "web_k2", "web_k2", BAD_AFTER, NOW, null);

    @Test
    void theNthFailureRemovesTheNewContainerAndTheOldStaysTheService() {
      expect(next(new WaitNext(C1, next, NOW, null, 1), new Observed("id2", Health.UNHEALTHY, "probe")),
          new Stable(C1, null, Recovery.rolledBackFrom(BAD_AFTER, "container is unhealthy: probe", NOW), null),
          remove(next));
    }

    @Test
    void aPullThatFailsNeverCountsTowardARollback() {
      // The old container serves meanwhile, and a registry outage says nothing of the spec.
      Container pulling = new Container(null, FRESH, FRESH, BAD_BEFORE, NOW, null);
      expect(next(new WaitNext(C1, pulling, null, null, 7), new PullFailed(FRESH, "manifest unknown")),
          new TryAgainNext(C1, BAD_BEFORE, NOW.plus(Backoff.DEPLOY.afterFailures(8)), 8, "manifest unknown"));
    }
  }

  @Nested
  class AfterARollback {

    final Recovery rolledBack = Recovery.rolledBackFrom(BAD_AFTER, "never healthy", T0);
    final Stable stable = new Stable(C1, null, rolledBack, null);

    @Test
    void theFailedSpecIsNotTriedAgainWhenTheFileIsReadAgain() {
      expect(next(stable, new SpecChanged(BAD_AFTER)), stable);
      Wait starting = new Wait(new Container(null, FRESH, FRESH, V1, NOW, null), null, 0, rolledBack, V1);
      expect(next(starting, new SpecChanged(BAD_AFTER)), starting);
      TryAgain retrying = new TryAgain(V1, NOW.plusSeconds(5), 1, "x", rolledBack, V1);
      expect(next(retrying, new SpecChanged(BAD_AFTER)), retrying);
    }

    @Test
    void aFileBackAtTheGoodSpecClearsIt() {
      expect(next(stable, new SpecChanged(V1)), new Stable(C1, null));
    }

    @Test
    void anyOtherChangeOfTheFileIsANewDeploy() {
      ServiceSpec longerTimeout = ServiceSpec.of(BAD_AFTER.body(), BAD_AFTER.deploy(), 60, 7, BAD_AFTER.healing());
      Container planned = new Container(null, FRESH, FRESH, longerTimeout, NOW, null);
      expect(next(stable, new SpecChanged(longerTimeout)), new WaitNext(C1, planned, null, null, 0),
          create(planned));
    }

    @Test
    void theRollbackIsKeptWhenTheGoodContainerCrashes() {
      Recovery crashed = rolledBack.afterCrash(C1.stableAt(), NOW);
      expect(next(stable, new Observed("id1", Health.GONE, "removed")),
          new TryAgain(V1, crashed.restarts().retryAt(NOW, FRESH), 1, "container disappeared: removed", crashed, V1));
    }
  }

  @Nested
  class ReplacingTheUnhealthy {

    final ServiceSpec replacing = spec("web:1", Deploy.BEFORE, new Healing(0, 30));
    final Container c = new Container("id1", "web_k1", "web_k1", replacing, T0, T0);

    @Test
    void unhealthyStartsTheClock() {
      expect(next(new Stable(c, null), new Observed("id1", Health.UNHEALTHY, "probe")),
          new Stable(c, "container is unhealthy: probe", Recovery.NONE, NOW.plusSeconds(30)));
    }

    @Test
    void stillUnhealthyKeepsTheFirstDeadline() {
      Instant due = NOW.plusSeconds(3);
      expect(next(new Stable(c, "container is unhealthy", Recovery.NONE, due), new Observed("id1", Health.UNHEALTHY, "p")),
          new Stable(c, "container is unhealthy: p", Recovery.NONE, due));
    }

    @Test
    void healthyInTimeIsLeftAlone() {
      expect(next(new Stable(c, "container is unhealthy", Recovery.NONE, NOW.plusSeconds(3)),
          new Observed("id1", Health.HEALTHY, null)), new Stable(c, null));
    }

    @Test
    void neverInsideItsHealthStartPeriod() {
      Container young = new Container("id1", "web_k1", "web_k1", withStartPeriod(replacing, 120), NOW.minusSeconds(10),
          NOW.minusSeconds(5));
      expect(next(new Stable(young, null), new Observed("id1", Health.UNHEALTHY, "probe")),
          new Stable(young, "container is unhealthy: probe", Recovery.NONE, NOW.plusSeconds(110)));
    }

    @Test
    void dueBeforeDeployRemovesItAndStartsAgainAfterTheCrashBackoff() {
      Recovery first = Recovery.NONE.afterCrash(c.stableAt(), NOW);
      expect(next(new Stable(c, "container is unhealthy: p", Recovery.NONE, NOW), new Tick()),
          new TryAgain(replacing, first.restarts().retryAt(NOW, FRESH), 1,
              "unhealthy for 30 s (container is unhealthy: p); replaced", first, replacing), remove(c));
    }

    @Test
    void dueAfterDeployKeepsTheOldServingUntilTheNewIsHealthy() {
      ServiceSpec after = spec("web:1", Deploy.after(0), new Healing(0, 30));
      Container old = c.withSpec(after);
      Recovery first = Recovery.NONE.afterCrash(c.stableAt(), NOW);
      Transition due = next(new Stable(old, "container is unhealthy", Recovery.NONE, NOW), new Tick());
      expect(due, new TryAgainNext(old, after, first.restarts().retryAt(NOW, FRESH), 1,
          "unhealthy for 30 s (container is unhealthy); replaced", first));
      Container planned = new Container(null, FRESH, FRESH, after, NOW, null);
      Transition retried = next(due.snapshot(), new Event.RetryNow());
      expect(retried, new WaitNext(old, planned, null, null, 1, first), create(planned));
      Container fresh = planned.withId("id9");
      expect(next(new WaitNext(old, fresh, NOW.plusSeconds(5), null, 1, first), new Observed("id9", Health.HEALTHY, null)),
          new Stable(fresh.stableSince(NOW), null, first, null), remove(old));
    }

    @Test
    void reportOnlyNeverSetsADeadline() {
      expect(next(new Stable(C1, null), new Observed("id1", Health.UNHEALTHY, "probe")),
          new Stable(C1, "container is unhealthy: probe"));
    }

    @Test
    void aContainerDockerIsRestartingIsNotReplaced() {
      ObjectNode body = replacing.body();
      body.putObject("HostConfig").putObject("RestartPolicy").put("Name", "always");
      Container restarting = c.withSpec(ServiceSpec.of(body, Deploy.BEFORE, 10, 7, replacing.healing()));
      Stable unhealthy = new Stable(restarting, "container is unhealthy", Recovery.NONE, NOW.plusSeconds(9));
      Transition exited = next(unhealthy, new Observed("id1", Health.EXITED, "code 137"));
      assertEquals(null, ((Stable) exited.snapshot()).replaceAt());
      Transition starting = next(exited.snapshot(), new Observed("id1", Health.STARTING, null));
      assertEquals(null, ((Stable) starting.snapshot()).replaceAt());
    }

    @Test
    void oneAnOperatorStoppedStaysStoppedWhenARestartReadsItAsExited() {
      Stable stopped = new Stable(c, "container was stopped by hand: signal 15; Condo leaves it stopped until its spec"
          + " changes", Recovery.NONE, null);
      expect(next(stopped, new Observed("id1", Health.EXITED, "exited with exit code 143")), stopped);
      expect(next(stopped, new Event.Adopt(java.util.Map.of("id1", new Event.Seen("id1", "web_k1", Health.EXITED,
          "exited")))), stopped);
      // Started again by hand: it is the service again.
      expect(next(stopped, new Observed("id1", Health.HEALTHY, null)), new Stable(c, null));
    }

    @Test
    void oneAnOperatorStoppedIsReportedAndLeftStopped() {
      Stable unhealthy = new Stable(c, "container is unhealthy", Recovery.NONE, NOW.plusSeconds(9));
      expect(next(unhealthy, new Observed("id1", Health.STOPPED, "signal 15 (docker stop), exit code 143")),
          new Stable(c, "container was stopped by hand: signal 15 (docker stop), exit code 143; "
              + "Condo leaves it stopped until its spec changes", Recovery.NONE, null));
    }
  }

  @Nested
  class Reasons {

    @Test
    void eachTransitionSaysWhy() {
      Stable stable = new Stable(C1, null);
      assertEquals(Reason.SPEC, Reason.of(new SpecChanged(V1), new Snapshot.Init(), stable));
      assertEquals(Reason.HEALTH, Reason.of(new Observed("id1", Health.HEALTHY, null), stable, stable));
      assertEquals(Reason.EXIT, Reason.of(new Observed("id1", Health.EXITED, null), stable, stable));
      assertEquals(Reason.UNHEALTHY, Reason.of(new Observed("id1", Health.UNHEALTHY, null), stable, stable));
      assertEquals(Reason.UNHEALTHY, Reason.of(new Tick(), stable, stable));
      assertEquals(Reason.RESTART, Reason.of(new Tick(), new TryAgain(V1, NOW, 1, "x"), stable));
      Stable rolledBack = new Stable(C1, null, Recovery.rolledBackFrom(BAD_AFTER, "x", NOW), null);
      assertEquals(Reason.ROLLBACK, Reason.of(new Observed("id2", Health.EXITED, null),
          new WaitNext(C1, C1, NOW, null, 1), rolledBack));
      assertEquals(Reason.HEALTH, Reason.of(new Created("k", "id"), stable, stable));
    }
  }

  @Test
  void aPullForARolledBackBeforeDeployIsNeverAsked() {
    Stable rolled = new Stable(C1, null, Recovery.rolledBackFrom(BAD_BEFORE, "manifest unknown", T0), null);
    Transition again = next(rolled, new SpecChanged(BAD_BEFORE));
    assertEquals(0, again.actions().size(), "no pull of a spec that was rolled back: " + again.actions());
  }
}
