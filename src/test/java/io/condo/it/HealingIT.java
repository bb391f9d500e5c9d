package io.condo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.condo.it.harness.Await;
import io.condo.it.harness.CondoProcess;
import io.condo.it.harness.CondoTestBase;
import io.condo.it.harness.DockerProbe;
import io.condo.it.harness.SseClient;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SPEC §2a against a real dockerd: rollback, replacing the unhealthy, an operator's stop. */
class HealingIT extends CondoTestBase {

  static final Duration T = Duration.ofSeconds(60);
  /** A health check that fails while /tmp/sick exists: a container made unhealthy by hand. */
  static final String SICK_CHECK = ":Healthcheck {:Test [\"CMD\" \"sh\" \"-c\" \"test ! -e /tmp/sick\"]"
      + " :Interval 500000000 :Retries 1}";

  /** bad:1 as the file writes it: the image's own health check, which always fails. */
  static String neverHealthy(String deploy, String onFailure) {
    return "{:spec {:Image \"" + BAD + "\" :HostConfig {:Init true}}\n :deploy " + deploy
        + "\n :health-timeout 30 :stop-timeout 1\n :on-failure " + onFailure + "}\n";
  }

  @Test
  void aBeforeDeployThatNeverTurnsHealthyRollsBackAndIsNotTriedAgainAfterKill9() throws Exception {
    Deployed deployed = deployGood1("web");
    String web = deployed.service();
    CondoProcess condo = deployed.condo();
    long since = DockerProbe.nowNanos();

    writeSpec(deployed.specs(), web, neverHealthy("[:Before]", "[:Rollback 2]"));
    JsonObject back = condo.awaitService(web, "rolled back to good:1", T,
        s -> "Stable".equals(s.getString("state")) && s.getJsonObject("rolled_back") != null);
    assertEquals(GOOD_1, back.getJsonObject("current").getString("image"), "Condo runs the last good spec");
    assertNotEquals(deployed.container(), id(back, "current"), "a Before deploy had stopped the old one");
    JsonObject rolledBack = back.getJsonObject("rolled_back");
    assertEquals(BAD, rolledBack.getString("spec_image"), "the file says bad:1");
    assertTrue(rolledBack.getString("error").contains("unhealthy"), rolledBack.encode());
    assertNotNull(Instant.parse(rolledBack.getString("at")));
    assertEquals(2, badCreates(web, since), "two attempts, then the rollback");
    long rolledBackAt = DockerProbe.nowNanos();
    assertTrue(condo.get("/metrics").body().lines().anyMatch(l -> l.startsWith("condo_rollbacks_total{")
        && l.contains("service=\"" + web + "\"") && l.endsWith(" 1.0")), "condo_rollbacks_total counts it");

    String good = id(back, "current");
    condo.kill9();
    condo.start();
    JsonObject adopted = condo.awaitState(web, "Stable", T);
    assertEquals(good, id(adopted, "current"), "the good container is adopted, not replaced");
    assertEquals(BAD, adopted.getJsonObject("rolled_back").getString("spec_image"), "still shown after kill -9");
    // Docker keeps only its last 256 events, which health probes fill fast: look at a short span.
    Await.holdsFor("the failed spec not tried again after kill -9", Duration.ofSeconds(4),
        () -> badCreates(web, rolledBackAt) == 0 && good.equals(id(condo.service(web), "current")));

    HttpAndCliIT.Result plan = HttpAndCliIT.condoCli("plan", "--state", condo.stateFile().toString(),
        deployed.specs().toString());
    assertTrue(plan.output().contains(web + ": nothing") && plan.output().contains("the file says " + BAD)
        && plan.output().contains("not tried again until the file changes"), plan.output());

    writeSpec(deployed.specs(), web, spec(GOOD_1, "[:Before]"));
    JsonObject cleared = condo.awaitService(web, "the rollback cleared by the file", T,
        s -> "Stable".equals(s.getString("state")) && !s.containsKey("rolled_back"));
    assertEquals(good, id(cleared, "current"), "a file back at the good spec keeps what runs");
  }

  @Test
  void anAfterDeployThatNeverTurnsHealthyRemovesTheNewAndTheOldNeverStops() throws Exception {
    Deployed deployed = deployGood1("web");
    String web = deployed.service();
    CondoProcess condo = deployed.condo();
    String v1 = deployed.container();
    String startedAt = docker.startedAt(v1);
    SseClient events = SseClient.open(condo.url() + "/v1/events?service=" + web, Map.of());

    writeSpec(deployed.specs(), web, neverHealthy("[:After 0]", "[:Rollback 1]"));
    JsonObject back = condo.awaitService(web, "rolled back", T,
        s -> "Stable".equals(s.getString("state")) && s.getJsonObject("rolled_back") != null);
    assertEquals(v1, id(back, "current"), "the old container stays the service");
    assertEquals(BAD, back.getJsonObject("rolled_back").getString("spec_image"));
    Await.until("the failing container removed", T, () -> docker.containers(serviceLabel(web)).size() == 1);
    assertEquals(List.of(v1), docker.runningIds(serviceLabel(web)));
    assertEquals(startedAt, docker.startedAt(v1), "never stopped");
    try (events) {
      JsonObject event = events.next(e -> "rollback".equals(e.data().getString("reason")),
          "the transition saying why: rollback", T).data();
      assertEquals(BAD, event.getJsonObject("rolled_back").getString("spec_image"));
      assertEquals(v1, event.getJsonObject("current").getString("id"));
    }
  }

  @Test
  void anUnhealthyContainerIsReplacedAndOneThatRecoversInTimeIsLeftAlone() throws Exception {
    Path specs = prefix("specs");
    String replaced = unique("sick");
    String recovers = unique("recovers");
    writeSpec(specs, replaced, replacing(3));
    writeSpec(specs, recovers, replacing(8));
    CondoProcess condo = condo(specs).start();
    String first = id(condo.awaitState(replaced, "Stable", T), "current");
    String kept = id(condo.awaitState(recovers, "Stable", T), "current");

    docker.exec(first, "touch", "/tmp/sick");
    docker.exec(kept, "touch", "/tmp/sick");
    condo.awaitService(recovers, "reported unhealthy", T, s -> String.valueOf(s.getString("error")).contains("unhealthy"));
    Instant unhealthy = Instant.now();
    docker.exec(kept, "rm", "/tmp/sick");

    JsonObject fresh = condo.awaitService(replaced, "replaced and Stable", T,
        s -> "Stable".equals(s.getString("state")) && !first.equals(id(s, "current")));
    assertEquals(1, fresh.getInteger("restarts"), "a replacement without a spec change is a restart");
    assertTrue(condo.get("/metrics").body().lines().anyMatch(l -> l.startsWith("condo_restarts_total{")
        && l.contains("service=\"" + replaced + "\"") && l.contains("reason=\"unhealthy\"")));
    Await.until("the unhealthy one removed", T, () -> !docker.exists(first));

    Duration left = Duration.ofSeconds(10).minus(Duration.between(unhealthy, Instant.now()));
    Await.holdsFor("the container that recovered within its 8 s kept", left.isNegative() ? Duration.ofSeconds(1) : left,
        () -> kept.equals(id(condo.service(recovers), "current")) && docker.exists(kept));
    assertNull(condo.service(recovers).getInteger("restarts"));
  }

  @Test
  void aContainerAnOperatorStoppedIsReportedAndNotRevived() throws Exception {
    Path specs = prefix("specs");
    String web = unique("web");
    writeSpec(specs, web, replacing(2));
    CondoProcess condo = condo(specs).start();
    String c = id(condo.awaitState(web, "Stable", T), "current");

    docker.stop(c, 1);
    JsonObject stopped = condo.awaitService(web, "reported as stopped by hand", T,
        s -> String.valueOf(s.getString("error")).contains("stopped by hand"));
    assertEquals("Stable", stopped.getString("state"));
    Await.holdsFor("the stopped container left stopped", Duration.ofSeconds(5),
        () -> docker.runningIds(serviceLabel(web)).isEmpty() && c.equals(id(condo.service(web), "current")));
  }

  private static String replacing(int seconds) {
    return "{:spec {:Image \"" + GOOD_1 + "\" :HostConfig {:Init true} " + SICK_CHECK + "}\n"
        + " :stop-timeout 1 :on-unhealthy [:Replace " + seconds + "]}\n";
  }

  private long badCreates(String service, long since) {
    return docker.events(serviceLabel(service), since).stream()
        .filter(e -> "create".equals(e.getString("Action"))
            && BAD.equals(e.getJsonObject("Actor").getJsonObject("Attributes").getString("image")))
        .count();
  }
}
