package io.condo.fleet;

import io.condo.bus.InstanceView;
import io.condo.bus.FleetSnapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WaitForTest {

  static InstanceView instance(String host, String service, String state, String image, String error) {
    JsonObject services = new JsonObject();
    if (service != null) {
      services.put(service, new JsonObject().put("state", state).put("error", error)
          .put("current", image == null ? null : new JsonObject().put("image", image)));
    }
    return new InstanceView(host + "-id", host, host + "-node", services);
  }

  @Test
  void valuesOfAnotherKindNeverThrowAndAreNeverDone() {
    JsonObject odd = new JsonObject().put("state", "Stable").put("current", "x:2").put("error", new JsonObject());
    InstanceView view = new InstanceView("a-id", "a", "a-node", new JsonObject().put("web", odd)
        .put("api", new JsonObject().put("state", 42).put("current", new JsonObject().put("image", 7))));
    FleetSnapshot fleet = new FleetSnapshot(List.of(view, new InstanceView("b-id", "b", "b-node",
        new JsonObject().put("web", "Stable"))));
    assertFalse(WaitFor.evaluate(fleet, "web", "x:2").done());
    assertFalse(WaitFor.evaluate(fleet, "api", null).done());
  }

  @Test
  void doneWhenEveryInstanceWithTheServiceIsStableOnTheImage() {
    FleetSnapshot fleet = new FleetSnapshot(List.of(instance("a", "web", "Stable", "x:2", null),
        instance("b", "web", "Stable", "x:2", null), instance("c", null, null, null, null)));
    WaitFor.Verdict verdict = WaitFor.evaluate(fleet, "web", "x:2");
    assertTrue(verdict.done());
    assertEquals(2, verdict.instances().size(), "instances without the service do not count");
  }

  @Test
  void notDoneNamesTheLaggardAndWhy() {
    FleetSnapshot fleet = new FleetSnapshot(List.of(instance("a", "web", "Stable", "x:2", null),
        instance("b", "web", "TryAgainNext", "x:1", "manifest unknown"), instance("c", "web", "Stable", "x:1", null)));
    WaitFor.Verdict verdict = WaitFor.evaluate(fleet, "web", "x:2");
    assertFalse(verdict.done());
    assertFalse(verdict.instances().getJsonObject(0).containsKey("waiting_for"));
    assertEquals("TryAgainNext: manifest unknown", verdict.instances().getJsonObject(1).getString("waiting_for"));
    assertEquals("Stable on x:1, not x:2", verdict.instances().getJsonObject(2).getString("waiting_for"));
  }

  @Test
  void aHostWaitingForItsTurnInARolloutSaysForWhom() {
    InstanceView waiting = new InstanceView("c-id", "c", "c-node", new JsonObject().put("web", new JsonObject()
        .put("state", "Stable").put("current", new JsonObject().put("image", "x:1"))
        .put("rollout", "waiting for a (at most 1 at once)")));
    WaitFor.Verdict verdict = WaitFor.evaluate(new FleetSnapshot(List.of(waiting)), "web", "x:2");
    assertEquals("Stable on x:1, not x:2 (rollout: waiting for a (at most 1 at once))",
        verdict.instances().getJsonObject(0).getString("waiting_for"));
  }

  @Test
  void withoutAnImageStableWithoutErrorIsEnough() {
    assertTrue(WaitFor.evaluate(new FleetSnapshot(List.of(instance("a", "web", "Stable", "x:9", null))), "web", null)
        .done());
    assertFalse(WaitFor.evaluate(new FleetSnapshot(List.of(instance("a", "web", "Stable", "x:9", "a.edn:1: bad"))),
        "web", null).done(), "a broken spec file is not the spec the instance has");
  }

  @Test
  void nobodyHavingTheServiceIsNeverDone() {
    WaitFor.Verdict verdict = WaitFor.evaluate(new FleetSnapshot(List.of(instance("a", null, null, null, null))),
        "web", null);
    assertFalse(verdict.done());
    assertEquals("no live instance has the service web", verdict.message());
  }

  @ParameterizedTest
  @CsvSource({"90,PT1M30S", "90s,PT1M30S", "2m,PT2M", "1h,PT1H", "500ms,PT0.5S"})
  void timeoutsInSecondsOrWithAUnit(String text, String expected) {
    assertEquals(Duration.parse(expected), WaitFor.parseTimeout(text));
  }

  @ParameterizedTest
  @CsvSource({"soon", "-1", "1d", "1.5s", "''", "99999999999"})
  void otherTimeoutsAreNotDurations(String text) {
    assertNull(WaitFor.parseTimeout(text));
  }
}
