package io.condo.it;

import io.condo.it.harness.Await;
import io.condo.it.harness.CondoProcess;
import io.condo.it.harness.CondoTestBase;
import io.condo.it.harness.DockerProbe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Deploys against a real dockerd with real containers: SPEC §2 end to end. */
class DeployIT extends CondoTestBase {

  static final Duration T = Duration.ofSeconds(40);

  @Test
  void quickStartRidesOutABadTagWhileV1ServesThenLandsOnV2() throws Exception {
    Deployed deployed = deployGood1("web");
    Path specs = deployed.specs();
    String web = deployed.service();
    CondoProcess condo = deployed.condo();
    String v1 = deployed.container();

    writeSpec(specs, web, spec("condo-test/good:no-such-tag", "[:After 5]"));
    JsonObject failing = condo.awaitState(web, "TryAgainNext", T);
    assertEquals(docker.pullError("condo-test/good", "no-such-tag"), failing.getString("error"),
        "the state carries Docker's own message");
    assertNotNull(failing.getString("retry_at"));
    assertEquals(v1, id(failing, "current"), "v1 keeps serving");
    assertEquals(List.of(v1), docker.runningIds(serviceLabel(web)));

    writeSpec(specs, web, spec(GOOD_2, "[:After 5]"));
    JsonObject v2 = condo.awaitStableOn(web, GOOD_2, T);
    String v2Id = id(v2, "current");
    assertNotNull(v2.getJsonObject("current").getString("stable_at"), "stable_at set after an After deploy");
    assertNull(v2.getString("error"));
    // Stable(v2) is the transition; stopping v1 is the Docker work that follows it.
    Await.until("v1 to be stopped and removed", T, () -> !docker.exists(v1));
    assertEquals(List.of(v2Id), docker.containers(serviceLabel(web)).stream().map(c -> c.getString("Id")).toList());
  }

  @Test
  void beforeDeployRemovesTheOldContainerBeforeCreatingTheNew() throws Exception {
    Deployed deployed = deployGood1("web");
    Path specs = deployed.specs();
    String web = deployed.service();
    CondoProcess condo = deployed.condo();
    String v1 = deployed.container();
    long since = DockerProbe.nowNanos();

    writeSpec(specs, web, spec(GOOD_2, "[:Before]"));
    String v2 = id(condo.awaitStableOn(web, GOOD_2, T), "current");

    List<JsonObject> events = docker.events(serviceLabel(web), since);
    assertTrue(time(events, v1, "destroy") < time(events, v2, "create"),
        "old destroyed before new created: " + events);
  }

  @Test
  void beforeDeployPullsFirstSoAnImageThatCannotBePulledLeavesTheOldServing() throws Exception {
    Deployed deployed = deployGood1("web");
    String web = deployed.service();
    CondoProcess condo = deployed.condo();
    String v1 = deployed.container();
    String startedAt = docker.startedAt(v1);

    // Nothing listens on port 9: the pull fails at once, as an unreachable registry does.
    writeSpec(deployed.specs(), web, spec("127.0.0.1:9/acc/none:1", "[:Before]"));
    JsonObject failing = condo.awaitState(web, "TryAgainNext", T);
    assertEquals(v1, id(failing, "current"), "the old container still serves");
    assertNotNull(failing.getString("retry_at"), "the pull is retried with back-off");
    assertTrue(failing.getString("error").contains("127.0.0.1:9"), failing.getString("error"));
    assertEquals(List.of(v1), docker.runningIds(serviceLabel(web)));
    assertEquals(startedAt, docker.startedAt(v1), "never stopped");

    writeSpec(deployed.specs(), web, spec(GOOD_1, "[:Before]"));
    JsonObject back = condo.awaitState(web, "Stable", T);
    assertEquals(v1, id(back, "current"), "back on the file's old spec, the serving container is kept");
    assertEquals(startedAt, docker.startedAt(v1));
  }

  @Test
  void afterDeployStartsTheNewOneAndStopsTheOldOnlyAfterTheOverlap() throws Exception {
    Deployed deployed = deployGood1("web");
    Path specs = deployed.specs();
    String web = deployed.service();
    CondoProcess condo = deployed.condo();
    String v1 = deployed.container();
    long since = DockerProbe.nowNanos();

    writeSpec(specs, web, spec(GOOD_2, "[:After 2]"));
    JsonObject overlapping = condo.awaitService(web, "WaitNext with a running next", T,
        s -> "WaitNext".equals(s.getString("state")) && id(s, "next") != null);
    String v2 = id(overlapping, "next");
    assertEquals(v1, id(overlapping, "current"));
    condo.awaitService(web, "Stable on good:2", T, s -> "Stable".equals(s.getString("state"))
        && v2.equals(id(s, "current")));
    Await.until("v1 to be removed", T, () -> !docker.exists(v1));

    List<JsonObject> events = docker.events(serviceLabel(web), since);
    long healthy = time(events, v2, "health_status: healthy");
    long oldStopped = time(events, v1, "die");
    assertTrue(time(events, v2, "start") < healthy && healthy < oldStopped, "order: " + events);
    assertTrue(oldStopped - healthy >= 1_900_000_000L, "old stopped 2 s after the new one was healthy, not "
        + (oldStopped - healthy) / 1_000_000 + " ms");
  }

  @Test
  void unhealthyContainerFailsLongBeforeTheHealthTimeout() throws Exception {
    Path specs = prefix("specs");
    String bad = unique("bad");
    writeSpec(specs, bad, "{:spec {:Image \"" + BAD + "\" :HostConfig {:Init true}} :health-timeout 120"
        + " :stop-timeout 1}");
    CondoProcess condo = condo(specs).start();
    Instant started = Instant.now();
    JsonObject failed = condo.awaitState(bad, "TryAgain", Duration.ofSeconds(30));
    assertTrue(failed.getString("error").contains("unhealthy"), failed.encode());
    assertTrue(Duration.between(started, Instant.now()).toSeconds() < 30, "failed early, not after 120 s");
  }

  @Test
  void containerThatExitsFailsAtOnceWithItsExitCode() throws Exception {
    Path specs = prefix("specs");
    String quitter = unique("quitter");
    writeSpec(specs, quitter, "{:spec {:Image \"" + GOOD_1 + "\" :Cmd [\"sh\" \"-c\" \"exit 3\"]"
        + " :Healthcheck {:Test [\"CMD\" \"true\"] :Interval 1000000000}} :health-timeout 120}");
    CondoProcess condo = condo(specs).start();
    JsonObject failed = condo.awaitState(quitter, "TryAgain", Duration.ofSeconds(30));
    assertTrue(failed.getString("error").contains("exit code 3"), failed.encode());
  }

  @Test
  void aContainerThatKeepsExitingIsReplacedWithAGrowingBackoffAndTheRestartsCounted() throws Exception {
    Path specs = prefix("specs");
    String crasher = unique("crasher");
    long since = DockerProbe.nowNanos();
    writeSpec(specs, crasher, "{:spec {:Image \"" + GOOD_1 + "\" :Cmd [\"sh\" \"-c\" \"sleep 2; exit 3\"]}}");
    CondoProcess condo = condo(specs).start();
    Await.until(crasher + " replaced 4 times", Duration.ofSeconds(60),
        () -> condo.state().getJsonObject("services").getJsonObject(crasher).getInteger("restarts", 0) >= 4);
    JsonObject service = condo.state().getJsonObject("services").getJsonObject(crasher);
    if ("TryAgain".equals(service.getString("state"))) {
      assertTrue(service.getString("error").contains("exit code 3"), service.encode());
      assertNotNull(service.getString("retry_at"));
    }
    String metrics = condo.get("/metrics").body();
    assertTrue(metrics.lines().anyMatch(l -> l.startsWith("condo_restarts_total{") && l.contains("service=\"" + crasher + "\"")
        && l.contains("reason=\"exit\"") && Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)) >= 4), metrics);
    Await.until("the fifth container", Duration.ofSeconds(30), () -> creates(crasher, since).size() >= 5);
    List<Long> created = creates(crasher, since);
    // Each runs 2 s; the waits between them double from 1 s: 1, 2, 4, 8 (±10 %), not 1 s every time.
    double fourthGap = (created.get(4) - created.get(3)) / 1e9;
    double firstGap = (created.get(1) - created.get(0)) / 1e9;
    assertTrue(fourthGap >= 2 + 8 * 0.9, "the 4th replacement waited " + fourthGap + " s");
    assertTrue(fourthGap > firstGap + 5, "first gap " + firstGap + " s, fourth " + fourthGap + " s");
  }

  private List<Long> creates(String service, long since) {
    return docker.events(serviceLabel(service), since).stream().filter(e -> "create".equals(e.getString("Action")))
        .map(e -> e.getLong("timeNano")).sorted().toList();
  }

  @Test
  void healthTimeoutRetriesWithGrowingBackoff() throws Exception {
    Path specs = prefix("specs");
    String slow = unique("slow");
    writeSpec(specs, slow, "{:spec {:Image \"" + GOOD_1 + "\" :HostConfig {:Init true}"
        + " :Healthcheck {:Test [\"CMD\" \"false\"] :Interval 200000000 :Retries 100000}}"
        + " :health-timeout 1 :stop-timeout 0}");
    CondoProcess condo = condo(specs).start();
    List<Instant> retries = new ArrayList<>();
    Await.until("three retries", Duration.ofSeconds(60), () -> {
      JsonObject s = condo.service(slow);
      if (s != null && "TryAgain".equals(s.getString("state"))) {
        assertTrue(s.getString("error").contains("was not healthy within 1 s"), s.encode());
        Instant at = Instant.parse(s.getString("retry_at"));
        if (!retries.contains(at)) {
          retries.add(at);
        }
      }
      return retries.size() >= 3;
    });
    Duration first = Duration.between(retries.get(0), retries.get(1));
    Duration second = Duration.between(retries.get(1), retries.get(2));
    assertTrue(second.minus(first).toMillis() >= 1500, "back-off grows: " + retries);
    assertTrue(docker.containers(serviceLabel(slow)).size() <= 1, "failed attempts are removed");
  }

  @Test
  void deletingTheSpecFileRemovesTheContainers() throws Exception {
    Deployed deployed = deployGood1("web");
    Path file = deployed.file();
    String web = deployed.service();
    CondoProcess condo = deployed.condo();
    String v1 = deployed.container();
    Files.delete(file);
    Await.until("the service to be forgotten", T, () -> condo.service(web) == null);
    Await.until("its container to be removed", T, () -> docker.containers(serviceLabel(web)).isEmpty());
    assertFalse(docker.exists(v1));
  }

  @Test
  void changingOnlyOptionsOrKeyOrderDoesNotRestartTheContainer() throws Exception {
    Deployed deployed = deployGood1("web");
    Path specs = deployed.specs();
    String web = deployed.service();
    CondoProcess condo = deployed.condo();
    String v1 = deployed.container();
    String startedAt = docker.inspect(v1).getJsonObject("State").getString("StartedAt");
    long since = DockerProbe.nowNanos();

    writeSpec(specs, web, "; same spec, keys reordered, other options\n"
        + "{:stop-timeout 3 :health-timeout 42 :deploy [:After 4]\n"
        + " :spec {" + QUICK_HEALTH + " :HostConfig {:Init true} :Image \"" + GOOD_1 + "\"}}");
    JsonObject updated = condo.awaitService(web, "updated options", T,
        s -> s.getJsonObject("options").getInteger("health_timeout") == 42);
    assertEquals("Stable", updated.getString("state"));
    assertEquals("[:After 4]", updated.getJsonObject("options").getString("deploy"));
    assertEquals(v1, id(updated, "current"));
    assertEquals(startedAt, docker.inspect(v1).getJsonObject("State").getString("StartedAt"));
    assertTrue(docker.events(serviceLabel(web), since).stream()
        .noneMatch(e -> List.of("create", "start", "die").contains(e.getString("Action"))));
  }

  @Test
  void fixedNameIsTheContainerName() throws Exception {
    Path specs = prefix("specs");
    String proxy = unique("proxy");
    writeSpec(specs, proxy, spec(GOOD_1, "[:Before]", ":Name \"" + proxy + "-fixed\""));
    CondoProcess condo = condo(specs).start();
    JsonObject stable = condo.awaitState(proxy, "Stable", T);
    assertEquals(proxy + "-fixed", stable.getJsonObject("current").getString("name"));
    writeSpec(specs, proxy, spec(GOOD_2, "[:Before]", ":Name \"" + proxy + "-fixed\""));
    JsonObject v2 = condo.awaitStableOn(proxy, GOOD_2, T);
    assertNotEquals(id(stable, "current"), id(v2, "current"));
    assertEquals("/" + proxy + "-fixed", docker.inspect(id(v2, "current")).getString("Name"));
  }

  /** Docker's own timestamp of the first event with this action for this container. */
  static long time(List<JsonObject> events, String id, String action) {
    return events.stream()
        .filter(e -> id.equals(e.getJsonObject("Actor").getString("ID")) && action.equals(e.getString("Action")))
        .mapToLong(e -> e.getLong("timeNano")).findFirst()
        .orElseThrow(() -> new AssertionError("no " + action + " of " + id + " in " + events));
  }
}
