package io.condo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three Condo containers, one per "host", on a user-defined Docker network: Condo's own image,
 * each with the Docker socket and its own spec folder mounted, clustered by network alias.
 */
class FleetContainersIT extends CondoTestBase {

  static final Duration T = Duration.ofSeconds(90);
  private String network;

  @AfterEach
  void removeNetwork() throws Exception {
    if (network != null) {
      cleanUp();
      new ProcessBuilder("docker", "network", "rm", network).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    }
  }

  record Host(String name, String container, int port, Path specs) {
    String url() {
      return "http://127.0.0.1:" + port;
    }
  }

  @Test
  void aFleetOfContainersDeploysWaitsNamesTheLaggardAndDropsTheDead() throws Exception {
    String image = CondoImage.build();
    network = CondoImage.docker("network", "create", unique("condo-net"));
    String cluster = unique("fleet");
    String web = unique("web");
    List<Host> hosts = new ArrayList<>();
    String members = "condo-0:5701,condo-1:5701,condo-2:5701";
    for (int i = 0; i < 3; i++) {
      Path specs = prefix("host-" + i);
      writeSpec(specs, web, spec(GOOD_1, "[:Before]"));
      int port = CondoProcess.freePort();
      String container = CondoImage.docker("run", "-d", "--name", unique("condo-" + i), "--network", network,
          "--network-alias", "condo-" + i, "--hostname", "condo-" + i,
          "-e", "CONDO_CLUSTER_NAME=" + cluster, "-e", "CONDO_CLUSTER_HOST=condo-" + i,
          "-e", "CONDO_CLUSTER_MEMBERS=" + members, "-e", "CONDO_CLUSTER_SECRET=secret-" + cluster,
          "-v", "/var/run/docker.sock:/var/run/docker.sock", "-v", specs + ":/var/lib/condo",
          "-p", "127.0.0.1:" + port + ":80", image);
      removeAfterTest(container);
      Host host = new Host("condo-" + i, container, port, specs);
      hosts.add(host);
      String instance = Await.until(host.name() + " to serve", T, () -> state(host), s -> s != null)
          .getString("instance");
      removeInstanceAfterTest(instance);
    }
    Await.until("every host Stable on good:1 in one view", T,
        () -> stableHosts(hosts.get(2), web, GOOD_1) == 3 && stableHosts(hosts.get(0), web, GOOD_1) == 3);

    CompletableFuture<HttpResponse<String>> waiting =
        TestHttp.getAsync(hosts.get(0).url() + "/v1/wait_for?name=" + web + "&image=" + GOOD_2 + "&timeout=2m");
    writeSpec(hosts.get(0).specs(), web, spec(GOOD_2, "[:Before]"));
    writeSpec(hosts.get(1).specs(), web, spec(GOOD_2, "[:Before]"));
    Await.until("two hosts on good:2", T, () -> stableHosts(hosts.get(0), web, GOOD_2) == 2);
    assertFalse(waiting.isDone(), "condo-2 is still on good:1");
    writeSpec(hosts.get(2).specs(), web, spec(GOOD_2, "[:After 1]"));
    HttpResponse<String> done = waiting.get();
    assertEquals(200, done.statusCode(), done.body());
    assertEquals(3, new JsonObject(done.body()).getJsonArray("instances").size());

    writeSpec(hosts.get(2).specs(), web, spec("condo-test/good:no-such-tag", "[:After 1]"));
    Await.until("condo-2 stuck in TryAgainNext", T, () -> "TryAgainNext".equals(
        state(hosts.get(2)).getJsonObject("services").getJsonObject(web).getString("state")));
    HttpResponse<String> timeout = get(hosts.get(1), "/v1/wait_for?name=" + web + "&image=" + GOOD_2 + "&timeout=2s");
    assertEquals(500, timeout.statusCode());
    JsonArray summary = new JsonObject(timeout.body()).getJsonArray("instances");
    JsonObject laggard = summary.stream().map(JsonObject.class::cast)
        .filter(i -> "condo-2".equals(i.getString("host"))).findFirst().orElseThrow();
    assertTrue(laggard.getString("waiting_for").startsWith("TryAgainNext"), laggard.encode());

    CondoImage.docker("kill", hosts.get(2).container());
    long killed = System.nanoTime();
    Await.until("condo-2 to leave the view", Duration.ofSeconds(15),
        () -> new JsonObject(get(hosts.get(0), "/v1/global_state").body()).getJsonArray("instances").size() == 2);
    assertTrue(System.nanoTime() - killed < 10_000_000_000L, "within 10 s");
    HttpResponse<String> withoutIt = get(hosts.get(1), "/v1/wait_for?name=" + web + "&image=" + GOOD_2 + "&timeout=5s");
    assertEquals(200, withoutIt.statusCode(), withoutIt.body());

    // condo-1 is cut off: frozen, so its connections stay open and only silence tells (no reset).
    // It leaves condo-0's view within the heartbeat bound, and comes back when it thaws.
    CondoImage.docker("pause", hosts.get(1).container());
    long cut = System.nanoTime();
    Await.until("condo-1 to leave condo-0's view", Duration.ofSeconds(15),
        () -> new JsonObject(get(hosts.get(0), "/v1/global_state").body()).getJsonArray("instances").size() == 1);
    assertTrue(System.nanoTime() - cut < 10_000_000_000L, "within 10 s");
    CondoImage.docker("unpause", hosts.get(1).container());
    Await.until("condo-1 to re-join condo-0's view", T,
        () -> new JsonObject(get(hosts.get(0), "/v1/global_state").body()).getJsonArray("instances").size() == 2);
  }

  private static long stableHosts(Host host, String service, String image) {
    try {
      JsonArray instances = new JsonObject(get(host, "/v1/global_state").body()).getJsonArray("instances");
      return instances.stream().map(JsonObject.class::cast).filter(i -> {
        JsonObject s = i.getJsonObject("services").getJsonObject(service);
        return s != null && "Stable".equals(s.getString("state"))
            && image.equals(s.getJsonObject("current").getString("image"));
      }).count();
    } catch (RuntimeException e) {
      return 0;
    }
  }

  private static JsonObject state(Host host) {
    try {
      HttpResponse<String> response = get(host, "/v1/state");
      return response.statusCode() == 200 ? new JsonObject(response.body()) : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static HttpResponse<String> get(Host host, String path) {
    return TestHttp.get(host.url() + path);
  }
}
