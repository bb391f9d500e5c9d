package io.condo.it;

import io.condo.it.harness.Await;
import io.condo.it.harness.CondoProcess;
import io.condo.it.harness.CondoTestBase;
import io.condo.it.harness.DockerProbe;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code condo plan} against a real dockerd, beside a running Condo and after a real crash. */
class PlanIT extends CondoTestBase {

  static final Duration T = Duration.ofSeconds(60);

  @Test
  void planSaysWhatARestartedCondoDoesAndChangesNothing() throws Exception {
    Deployed web = deployGood1("web");
    CondoProcess condo = web.condo();
    String api = unique("api");
    writeSpec(web.specs(), api, spec(GOOD_1, "[:After 0]"));
    String apiContainer = id(condo.awaitState(api, "Stable", T), "current");
    String instance = "condo.instance=" + condo.instanceId();

    // Beside a running Condo, which holds the state's lock: nothing to do, everything adopted.
    JsonObject calm = plan(condo, web.specs());
    assertEquals("none", service(calm, web.service()).getString("change"), calm.encodePrettily());
    assertEquals(new JsonArray().add(web.container()), service(calm, web.service()).getJsonArray("adopt"));
    assertEquals(new JsonArray(), service(calm, api).getJsonArray("calls"));

    // A crash, then changes while no Condo runs: a new image, a deleted file, a new service.
    condo.kill9();
    writeSpec(web.specs(), web.service(), spec(GOOD_2, "[:Before]"));
    Files.delete(web.specs().resolve(api + ".edn"));
    String db = unique("db");
    writeSpec(web.specs(), db, spec(GOOD_1, "[:Before]"));
    byte[] state = Files.readAllBytes(condo.stateFile());
    long since = DockerProbe.nowNanos();

    JsonObject plan = plan(condo, web.specs());
    JsonObject redeploy = service(plan, web.service());
    assertEquals("redeploy", redeploy.getString("change"), plan.encodePrettily());
    assertEquals("Before", redeploy.getString("strategy"));
    assertEquals(GOOD_1, redeploy.getString("image_from"));
    assertEquals(GOOD_2, redeploy.getString("image_to"));
    List<String> calls = redeploy.getJsonArray("calls").stream().map(String::valueOf).toList();
    assertEquals(1, calls.size(), calls.toString());
    assertTrue(calls.get(0).startsWith("POST /images/create?fromImage=" + GOOD_2), "Before: the image first, "
        + "while the old one serves: " + calls);
    List<String> then = redeploy.getJsonArray("then").stream().map(String::valueOf).toList();
    String old = web.container().substring(0, 12);
    assertEquals(List.of("POST /containers/" + old + "/stop?t=1", "DELETE /containers/" + old + "?force=true&v=true"),
        then.subList(0, 2), "then the old one goes, before the new one is made");
    assertTrue(then.get(3).startsWith("POST /containers/create?name=" + web.service() + "_"), then.toString());
    JsonObject removal = service(plan, api);
    assertEquals("remove", removal.getString("change"));
    assertTrue(removal.getJsonArray("calls").getString(0).contains(apiContainer.substring(0, 12)), removal.encode());
    assertEquals("deploy", service(plan, db).getString("change"));

    assertArrayEquals(state, Files.readAllBytes(condo.stateFile()), "the state file is untouched");
    List<String> touched = docker.events(instance, since).stream().map(e -> e.getString("Action"))
        .filter(action -> !action.startsWith("health_status")).toList();
    assertEquals(List.of(), touched, "no container was created, started, stopped or removed");

    // And a Condo started now does just that.
    condo.start();
    JsonObject redeployed = condo.awaitStableOn(web.service(), GOOD_2, T);
    assertTrue(!web.container().equals(id(redeployed, "current")));
    condo.awaitState(db, "Stable", T);
    Await.until("the deleted service's container removed", T, () -> !docker.exists(apiContainer));
  }

  private static JsonObject plan(CondoProcess condo, Path specs) throws Exception {
    HttpAndCliIT.Result result = HttpAndCliIT.condoCli("plan", "--json", "--state", condo.stateFile().toString(),
        specs.toString());
    assertEquals(0, result.exit(), result.output());
    return new JsonObject(result.output());
  }

  private static JsonObject service(JsonObject plan, String name) {
    return plan.getJsonObject("services").getJsonObject(name);
  }
}
