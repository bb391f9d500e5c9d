package io.condo.it;

import io.condo.it.harness.Await;
import io.condo.it.harness.CondoProcess;
import io.condo.it.harness.CondoTestBase;
import io.condo.it.harness.SseClient;
import io.condo.it.harness.TestSecrets;
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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Three Condo processes clustered on loopback, each with its own spec folder (SPEC §4, §5). */
class FleetIT extends CondoTestBase {

  static final Duration T = Duration.ofSeconds(60);

  record Fleet(List<CondoProcess> condos, List<Path> specs) {
  }

  Fleet startFleet(String service, String secret) throws Exception {
    List<List<String>> cluster = CondoProcess.loopbackCluster(unique("fleet"), 3);
    List<CondoProcess> condos = new ArrayList<>();
    List<Path> specs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Path prefix = prefix("specs-" + i);
      writeSpec(prefix, service, spec(GOOD_1, "[:Before]"));
      CondoProcess condo = condo(secret == null ? Map.of() : Map.of("CONDO_CLUSTER_SECRET", secret), cluster.get(i),
          prefix);
      condo.start();
      condos.add(condo);
      specs.add(prefix);
    }
    return new Fleet(condos, specs);
  }

  static JsonArray instances(CondoProcess condo) {
    return new JsonObject(condo.get("/v1/global_state").body()).getJsonArray("instances");
  }

  static Set<String> hostsWithStable(CondoProcess condo, String service, String image) {
    return instances(condo).stream().map(JsonObject.class::cast)
        .filter(i -> {
          JsonObject s = i.getJsonObject("services").getJsonObject(service);
          return s != null && "Stable".equals(s.getString("state"))
              && image.equals(s.getJsonObject("current").getString("image"));
        })
        .map(i -> i.getString("host")).collect(Collectors.toSet());
  }

  @Test
  void threeInstancesShareOneViewAndWaitForAnswersWhenTheLastTurnsStable() throws Exception {
    String web = unique("web");
    Fleet fleet = startFleet(web, TestSecrets.strong());
    List<CondoProcess> c = fleet.condos();
    for (CondoProcess condo : c) {
      Await.until("every instance to see all three Stable", T,
          () -> hostsWithStable(condo, web, GOOD_1), hosts -> hosts.equals(Set.of("host-0", "host-1", "host-2")));
    }
    JsonObject first = instances(c.get(1)).getJsonObject(0);
    assertEquals(Set.of("instance", "host", "self", "services"), first.fieldNames());
    assertEquals(c.get(1).state().getJsonObject("services"), first.getJsonObject("services"),
        "an instance's entry has the same shape as its /v1/state");
    for (Object peer : instances(c.get(1))) {
      String host = ((JsonObject) peer).getString("host");
      CondoProcess itself = c.stream().filter(p -> p.state().getString("host").equals(host)).findFirst().orElseThrow();
      assertEquals(itself.state().getJsonObject("self"), ((JsonObject) peer).getJsonObject("self"),
          "each instance's self, as its own /v1/state has it");
    }

    CompletableFuture<HttpResponse<String>> waiting =
        c.get(0).getAsync("/v1/wait_for?name=" + web + "&image=" + GOOD_2 + "&timeout=90s");
    writeSpec(fleet.specs().get(0), web, spec(GOOD_2, "[:Before]"));
    writeSpec(fleet.specs().get(1), web, spec(GOOD_2, "[:Before]"));
    c.get(0).awaitStableOn(web, GOOD_2, T);
    c.get(1).awaitStableOn(web, GOOD_2, T);
    assertFalse(waiting.isDone(), "host-2 is not there yet");

    // host-2's deploy as host-2's own stream tells it, and as host-0's stream of the fleet does.
    String host2 = c.get(2).instanceId();
    List<SseClient.Event> own = new ArrayList<>();
    List<SseClient.Event> seenByPeer = new ArrayList<>();
    try (SseClient ownStream = SseClient.open(c.get(2).url() + "/v1/events?service=" + web, Map.of());
         SseClient peerStream = SseClient.open(c.get(0).url() + "/v1/events?instance=" + host2, Map.of())) {
      writeSpec(fleet.specs().get(2), web, spec(GOOD_2, "[:After 1]"));
      for (List<SseClient.Event> events : List.of(own, seenByPeer)) {
        SseClient stream = events == own ? ownStream : peerStream;
        do {
          events.add(stream.next("transition", T));
        } while (!"Stable".equals(events.get(events.size() - 1).data().getString("to")));
      }
    }
    assertEquals(own.stream().map(e -> e.data()).toList(), seenByPeer.stream().map(e -> e.data()).toList(),
        "a peer's transitions reach every instance's stream, all of them, in its order");
    assertEquals(List.of("Stable", "WaitNext"), List.of(own.get(0).data().getString("from"),
        own.get(0).data().getString("to")));
    assertTrue(seenByPeer.stream().allMatch(e -> e.data().getString("instance").equals(host2)));
    HttpResponse<String> done = waiting.get();
    assertEquals(200, done.statusCode(), done.body());
    JsonObject ok = new JsonObject(done.body());
    assertEquals("ok", ok.getString("status"));
    assertEquals(3, ok.getJsonArray("instances").size());
    for (Object o : ok.getJsonArray("instances")) {
      JsonObject i = (JsonObject) o;
      assertEquals(Set.of("instance", "host", "state", "image"), i.fieldNames());
      assertEquals("Stable", i.getString("state"));
      assertEquals(GOOD_2, i.getString("image"));
    }

    // One instance stuck: its deploy cannot pull, the old version keeps serving.
    writeSpec(fleet.specs().get(2), web, spec("condo-test/good:no-such-tag", "[:After 1]"));
    c.get(2).awaitState(web, "TryAgainNext", T);
    HttpResponse<String> timedOut = c.get(1).get("/v1/wait_for?name=" + web + "&image=" + GOOD_2 + "&timeout=2");
    assertEquals(500, timedOut.statusCode());
    JsonObject timeout = new JsonObject(timedOut.body());
    assertEquals("timeout", timeout.getString("status"));
    JsonObject laggard = timeout.getJsonArray("instances").stream().map(JsonObject.class::cast)
        .filter(i -> "host-2".equals(i.getString("host"))).findFirst().orElseThrow();
    assertEquals("TryAgainNext", laggard.getString("state"));
    assertTrue(laggard.getString("waiting_for").startsWith("TryAgainNext: "), laggard.encode());

    // The stuck instance dies: it leaves the view, and wait_for no longer waits for it.
    c.get(2).kill9();
    long killed = System.nanoTime();
    Await.until("host-2 to leave the global view", Duration.ofSeconds(10),
        () -> instances(c.get(0)).size() == 2 && instances(c.get(1)).size() == 2);
    assertTrue(System.nanoTime() - killed < 10_000_000_000L);
    HttpResponse<String> withoutIt = c.get(0).get("/v1/wait_for?name=" + web + "&image=" + GOOD_2 + "&timeout=5");
    assertEquals(200, withoutIt.statusCode(), withoutIt.body());
    assertEquals(2, new JsonObject(withoutIt.body()).getJsonArray("instances").size());

    // It comes back and re-joins; its containers are adopted, its state re-published.
    c.get(2).start();
    Await.until("host-2 to be back in the view", T, () -> instances(c.get(0)).size() == 3);
  }

  @Test
  void waitForCommandExitsZeroWhenDoneAndOneOnTimeout() throws Exception {
    String web = unique("web");
    Fleet fleet = startFleet(web, null);
    CondoProcess any = fleet.condos().get(1);
    Await.until("all three Stable", T, () -> hostsWithStable(any, web, GOOD_1).size() == 3);
    HttpAndCliIT.Result ok = HttpAndCliIT.condoCli("wait-for", "--url", any.url(), "--name", web,
        "--image", GOOD_1, "--timeout", "10s");
    assertEquals(0, ok.exit(), ok.output());
    assertEquals(4, ok.output().lines().count(), ok.output());
    assertTrue(ok.output().lines().allMatch(l -> l.equals("ok") || l.contains(" Stable " + GOOD_1)), ok.output());
    HttpAndCliIT.Result late = HttpAndCliIT.condoCli("wait-for", "--url", any.url(), "--name", web,
        "--image", GOOD_2, "--timeout", "1s");
    assertEquals(1, late.exit(), late.output());
    assertTrue(late.output().contains("waiting for: Stable on " + GOOD_1 + ", not " + GOOD_2), late.output());
    assertTrue(late.output().lines().anyMatch(l -> l.equals("timeout")), late.output());
  }
}
