package io.condo.it;

import io.condo.it.harness.Await;
import io.condo.it.harness.CondoTestBase;
import io.condo.it.harness.ContainerFleet;
import io.condo.it.harness.TestHttp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.condo.it.harness.ContainerFleet.Host;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Three Condo containers, one per "host", on a user-defined Docker network: Condo's own image,
 * each with the Docker socket and its own spec folder mounted, clustered by network alias.
 */
class FleetContainersIT extends CondoTestBase {

  static final Duration T = ContainerFleet.T;
  @Test
  void aFleetOfContainersDeploysWaitsNamesTheLaggardAndDropsTheDead() throws Exception {
    String web = unique("web");
    ContainerFleet fleet = ContainerFleet.start(lab(), web, spec(GOOD_1, "[:Before]"));
    List<Host> hosts = fleet.hosts();
    Await.until("every host Stable on good:1 in one view", T,
        () -> hosts.get(2).stableHosts(web, GOOD_1) == 3 && hosts.get(0).stableHosts(web, GOOD_1) == 3);

    CompletableFuture<HttpResponse<String>> waiting =
        TestHttp.getAsync(hosts.get(0).url() + "/v1/wait_for?name=" + web + "&image=" + GOOD_2 + "&timeout=2m");
    writeSpec(hosts.get(0).specs(), web, spec(GOOD_2, "[:Before]"));
    writeSpec(hosts.get(1).specs(), web, spec(GOOD_2, "[:Before]"));
    Await.until("two hosts on good:2", T, () -> hosts.get(0).stableHosts(web, GOOD_2) == 2);
    assertFalse(waiting.isDone(), "condo-2 is still on good:1");
    writeSpec(hosts.get(2).specs(), web, spec(GOOD_2, "[:After 1]"));
    HttpResponse<String> done = waiting.get();
    assertEquals(200, done.statusCode(), done.body());
    assertEquals(3, new JsonObject(done.body()).getJsonArray("instances").size());

    writeSpec(hosts.get(2).specs(), web, spec("condo-test/good:no-such-tag", "[:After 1]"));
    Await.until("condo-2 stuck in TryAgainNext", T, () -> "TryAgainNext".equals(
        hosts.get(2).state().getJsonObject("services").getJsonObject(web).getString("state")));
    HttpResponse<String> timeout = hosts.get(1).get("/v1/wait_for?name=" + web + "&image=" + GOOD_2 + "&timeout=2s");
    assertEquals(500, timeout.statusCode());
    JsonArray summary = new JsonObject(timeout.body()).getJsonArray("instances");
    JsonObject laggard = summary.stream().map(JsonObject.class::cast)
        .filter(i -> "condo-2".equals(i.getString("host"))).findFirst().orElseThrow();
    assertTrue(laggard.getString("waiting_for").startsWith("TryAgainNext"), laggard.encode());

    hosts.get(2).kill();
    long killed = System.nanoTime();
    Await.until("condo-2 to leave the view", Duration.ofSeconds(15),
        () -> new JsonObject(hosts.get(0).get("/v1/global_state").body()).getJsonArray("instances").size() == 2);
    assertTrue(System.nanoTime() - killed < 10_000_000_000L, "within 10 s");
    HttpResponse<String> withoutIt = hosts.get(1).get("/v1/wait_for?name=" + web + "&image=" + GOOD_2 + "&timeout=5s");
    assertEquals(200, withoutIt.statusCode(), withoutIt.body());

    // condo-1 is cut off: frozen, so its connections stay open and only silence tells (no reset).
    // It leaves condo-0's view within the heartbeat bound, and comes back when it thaws.
    hosts.get(1).pause();
    long cut = System.nanoTime();
    Await.until("condo-1 to leave condo-0's view", Duration.ofSeconds(15),
        () -> new JsonObject(hosts.get(0).get("/v1/global_state").body()).getJsonArray("instances").size() == 1);
    assertTrue(System.nanoTime() - cut < 10_000_000_000L, "within 10 s");
    hosts.get(1).unpause();
    Await.until("condo-1 to re-join condo-0's view", T,
        () -> new JsonObject(hosts.get(0).get("/v1/global_state").body()).getJsonArray("instances").size() == 2);
  }
}
