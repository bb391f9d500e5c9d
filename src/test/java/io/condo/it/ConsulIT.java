package io.condo.it;

import io.condo.it.harness.Await;
import io.condo.it.harness.CondoProcess;
import io.condo.it.harness.CondoTestBase;
import io.condo.it.harness.ConsulAgent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SPEC §5's Consul exposure against a real Consul agent (1.8.7 from Debian's packages). */
class ConsulIT extends CondoTestBase {

  static final Duration T = Duration.ofSeconds(60);

  @Test
  void keysFollowTheStateSurviveLostSessionsAndConsulRestartsAndVanishWithTheInstance() throws Exception {
    try (ConsulAgent consul = new ConsulAgent(dir).start()) {
      String prefix = unique("condo-it");
      Path specs = prefix("specs");
      String web = unique("web");
      writeSpec(specs, web, spec(GOOD_1, "[:Before]"));
      CondoProcess condo = condo(Map.of("CONDO_CONSUL_TOKEN", ""), List.of("--host", "consul-host",
          "--consul", consul.url(), "--consul-prefix", prefix), specs).start();
      String instance = condo.instanceId();
      String key = prefix + "/" + web + "_" + instance;

      JsonObject stored = awaitKey(consul, prefix, key, "Stable");
      JsonObject value = new JsonObject(stored.getString("Value"));
      assertEquals("consul-host", value.getString("host"));
      assertEquals(condo.service(web), value.getJsonObject("snapshot"), "the snapshot as /v1/state has it");
      String session = stored.getString("Session");
      assertNotNull(session, "the key is bound to a session");

      // Foreign keys under the prefix are ignored when reading the fleet from Consul.
      consul.put(prefix + "/not-ours", "not json");
      consul.put(prefix + "/x_abcdefabcdef", "{\"instance\":\"abcdefabcdef\"}");
      JsonArray fromConsul = new JsonObject(condo.get("/v1/global_state?source=consul").body())
          .getJsonArray("instances");
      assertEquals(1, fromConsul.size(), fromConsul.encode());
      assertEquals(instance, fromConsul.getJsonObject(0).getString("instance"));
      assertEquals("Stable", fromConsul.getJsonObject(0).getJsonObject("services").getJsonObject(web)
          .getString("state"));

      // A transition is written at once.
      writeSpec(specs, web, spec(GOOD_2, "[:Before]"));
      condo.awaitStableOn(web, GOOD_2, T);
      Await.until("the new image in Consul", T, () -> new JsonObject(key(consul, prefix, key).getString("Value"))
          .getJsonObject("snapshot").getJsonObject("current").getString("image").equals(GOOD_2));

      // Someone removes the key, or overwrites it: it is written again at once, without a
      // transition (Condo follows its keys with a blocking query).
      String transitionsBefore = condo.get("/metrics").body().lines()
          .filter(l -> l.startsWith("condo_transitions_total")).toList().toString();
      consul.delete(key);
      Await.until("the removed key to be written again", T, () -> key(consul, prefix, key), kv -> kv != null);
      consul.put(key, "{\"instance\":\"someone else\"}");
      Await.until("the overwritten key to be written again", T, () -> key(consul, prefix, key),
          kv -> kv != null && kv.getString("Value").contains(GOOD_2) && session.equals(kv.getString("Session")));
      assertEquals(transitionsBefore, condo.get("/metrics").body().lines()
          .filter(l -> l.startsWith("condo_transitions_total")).toList().toString(), "no transition needed");

      // The session is lost (destroyed: its keys go with it): a new one, every key written again.
      consul.destroySession(session);
      JsonObject rewritten = Await.until("the key to come back under a new session", T,
          () -> key(consul, prefix, key), kv -> kv != null && !session.equals(kv.getString("Session")));
      assertNotNull(rewritten.getString("Session"));

      // Consul restarts (dev mode forgets everything): the key is written again.
      consul.stop();
      consul.start();
      awaitKey(consul, prefix, key, "Stable");

      // The instance dies: its session is not renewed and the key vanishes.
      condo.kill9();
      Await.until("the key to vanish with its session", Duration.ofSeconds(45), () -> key(consul, prefix, key) == null);
      assertTrue(!condo.logText().contains("CONDO_CONSUL_TOKEN"));
    }
  }

  @Test
  void globalStateFromConsulNeedsConsulConfigured() throws Exception {
    CondoProcess condo = condo(prefix("specs")).start();
    assertEquals(400, condo.get("/v1/global_state?source=consul").statusCode());
    assertEquals(400, condo.get("/v1/global_state?source=carrier-pigeon").statusCode());
    assertNotEquals(400, condo.get("/v1/global_state?source=cluster").statusCode());
  }

  private static JsonObject awaitKey(ConsulAgent consul, String prefix, String key, String state) {
    return Await.until(key + " in Consul with state " + state, T, () -> key(consul, prefix, key),
        kv -> kv != null && state.equals(new JsonObject(kv.getString("Value")).getJsonObject("snapshot")
            .getString("state")));
  }

  private static JsonObject key(ConsulAgent consul, String prefix, String key) {
    return consul.keys(prefix).stream().filter(kv -> key.equals(kv.getString("Key"))).findFirst().orElse(null);
  }
}
