package io.condo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.condo.docker.DockerApi;
import io.condo.docker.HealthCheckRun.Outcome;
import io.condo.it.harness.Await;
import io.condo.it.harness.CondoTestBase;
import io.condo.registry.RegistryCredentials;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A container's own health check run at once through Docker's exec API, as the hand-over helper
 * runs the new Condo's: the check's exit tells, Docker's interval (an hour here) does not.
 */
class HealthCheckRunIT extends CondoTestBase {

  private static final long HOUR_NANOS = 3_600_000_000_000L;
  private DockerApi engine;

  @BeforeEach
  void engine() {
    engine = DockerApi.fromEnvironment((operation, nanos, failed) -> { }, RegistryCredentials.none());
    engine.negotiate();
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private String running(JsonArray test) {
    JsonObject body = new JsonObject().put("Image", GOOD_1).put("Cmd", new JsonArray().add("sleep").add("1000000"));
    if (test != null) {
      body.put("Healthcheck", new JsonObject().put("Test", test).put("Interval", HOUR_NANOS));
    }
    String id = docker.createAndStart(unique("health-check-run"), body);
    removeAfterTest(id);
    return id;
  }

  private Outcome checked(String id) {
    try {
      return engine.runHealthCheck(engine.inspectJson(id), Duration.ofSeconds(30));
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aCheckRunNowFailsThenPassesAsItsCommandDoesLongBeforeDockersInterval() throws Exception {
    String id = running(new JsonArray().add("CMD").add("test").add("-f").add("/tmp/ok"));
    assertEquals(Outcome.FAILED, engine.runHealthCheck(engine.inspectJson(id), Duration.ofSeconds(30)));
    docker.exec(id, "touch", "/tmp/ok");
    Await.until("the check to pass once its file is there", Duration.ofSeconds(30), () -> checked(id) == Outcome.PASSED);
    assertEquals("starting", docker.inspect(id).getJsonObject("State").getJsonObject("Health").getString("Status"),
        "Docker's own record is untouched: its first check is an hour away");
  }

  @Test
  void aShellCheckRunsInTheContainersShell() throws Exception {
    String id = running(new JsonArray().add("CMD-SHELL").add("test -f /tmp/ok || test -f /tmp/also-ok"));
    assertEquals(Outcome.FAILED, engine.runHealthCheck(engine.inspectJson(id), Duration.ofSeconds(30)));
    docker.exec(id, "touch", "/tmp/also-ok");
    Await.until("the shell check to pass once its file is there", Duration.ofSeconds(30),
        () -> checked(id) == Outcome.PASSED);
  }

  @Test
  void aContainerWithoutACheckHasNoneToRun() throws Exception {
    assertEquals(Outcome.NO_CHECK, engine.runHealthCheck(engine.inspectJson(running(null)), Duration.ofSeconds(30)));
    assertEquals(Outcome.NO_CHECK, engine.runHealthCheck(engine.inspectJson(running(new JsonArray().add("NONE"))), Duration.ofSeconds(30)));
  }

  @Test
  void aCheckStillRunningWhenTheWaitEndsIsWaitedOnNextTimeNotStartedAgain() throws Exception {
    String id = running(new JsonArray().add("CMD").add("sleep").add("3"));
    assertEquals(Outcome.FAILED, engine.runHealthCheck(engine.inspectJson(id), Duration.ofMillis(200)), "not passed in time");
    assertEquals(Outcome.FAILED, engine.runHealthCheck(engine.inspectJson(id), Duration.ofMillis(200)));
    assertEquals(1, docker.inspect(id).getJsonArray("ExecIDs").size(), "one run of the check, waited on twice");
    assertEquals(Outcome.PASSED, engine.runHealthCheck(engine.inspectJson(id), Duration.ofSeconds(30)),
        "the same run, once it ends");
    assertNull(docker.inspect(id).getJsonArray("ExecIDs"), "no run left behind: Docker lists running ones only");
  }
}
