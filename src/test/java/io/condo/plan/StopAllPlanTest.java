package io.condo.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.condo.fsm.Action;
import io.condo.fsm.Container;
import io.condo.fsm.Snapshot;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Stop-all as data: every container any snapshot holds, each with its own spec's stop timeout. */
class StopAllPlanTest {

  @Test
  void everyHeldContainerIsStoppedByIdOrByItsKeyWhileItsCreateIsUnanswered() {
    Container creating = Container.planned("web_new", StartPlanTest.V2_AFTER, StartPlanTest.T0);
    Map<String, Snapshot> snapshots = Map.of(
        "web", new Snapshot.WaitNext(StartPlanTest.OLD, creating, null, null, 0),
        "api", new Snapshot.Stable(StartPlanTest.NEXT, null),
        "idle", new Snapshot.Init());
    assertEquals(Map.of(
            "web", List.of(new Action.Remove("old-id", "web_old", 7), new Action.Remove(null, "web_new", 7)),
            "api", List.of(new Action.Remove("next-id", "web_next", 7))),
        StopAllPlan.removals(snapshots));
  }
}
