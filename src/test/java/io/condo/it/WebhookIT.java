package io.condo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.condo.it.harness.Await;
import io.condo.it.harness.CondoProcess;
import io.condo.it.harness.CondoTestBase;
import io.condo.it.harness.SseClient;
import io.condo.it.harness.WebhookReceiver;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** SPEC §5a: webhooks that are never lost, against a real receiver, a real dockerd and kill -9. */
class WebhookIT extends CondoTestBase {

  static final Duration T = Duration.ofSeconds(90);
  static final String SECRET = "whsec-Xq7v2Lr9Tm4Pz8Kw";

  @Test
  void aReceiverThatRefusesThenIsDownWhileCondoIsKilledGetsEveryTransitionSignedInOrderPerService() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver(3).up()) {
      Path specs = prefix("specs");
      String web = unique("web");
      String api = unique("api");
      CondoProcess condo = condo(Map.of("CONDO_WEBHOOK_SECRET", SECRET), List.of("--webhook", receiver.url()), specs)
          .start();
      // What this run of Condo did, as its own event stream shows it: the receiver must get all of it.
      SseClient stream = Await.until("the event stream, once Condo has started", T, () -> openStream(condo),
          open -> open != null);
      writeSpec(specs, web, spec(GOOD_1, "[:Before]"));
      writeSpec(specs, api, spec(GOOD_1, "[:After 1]"));
      condo.awaitState(web, "Stable", T);
      condo.awaitState(api, "Stable", T);
      Await.until("the refused deliveries retried until the outbox is empty", T, () -> queued(condo) == 0
          && receiver.deliveries().size() > 3);
      assertEquals(3, receiver.deliveries().stream().filter(d -> d.answered() == 503).count());

      receiver.down();
      writeSpec(specs, web, spec(GOOD_2, "[:Before]"));
      writeSpec(specs, api, spec(GOOD_2, "[:After 1]"));
      condo.awaitStableOn(web, GOOD_2, T);
      condo.awaitStableOn(api, GOOD_2, T);
      Await.until("the deploys' transitions waiting in the outbox", T, () -> queued(condo) > 0);
      String instance = condo.instanceId();
      List<String> beforeKill = stream.received().lines().filter(l -> !l.isBlank()).map(JsonObject::new)
          .map(e -> e.getString("id")).toList();
      stream.close();
      assertTrue(beforeKill.size() >= 8, "two services, two deploys each: " + beforeKill);
      Path outbox = condo.stateFile().resolveSibling(condo.stateFile().getFileName() + ".outbox");
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(outbox)));
      condo.kill9();

      condo.start();
      condo.awaitStableOn(web, GOOD_2, T);
      receiver.up();
      Await.until("every waiting transition delivered after the restart", T, () -> queued(condo) == 0
          && lastTo(receiver, web, GOOD_2) && lastTo(receiver, api, GOOD_2));

      List<WebhookReceiver.Delivery> accepted = receiver.accepted();
      byte[] key = SECRET.getBytes(StandardCharsets.UTF_8);
      Map<String, List<Long>> runs = new HashMap<>();
      Map<String, List<String>> arrivalByService = new HashMap<>();
      Set<String> seen = new LinkedHashSet<>();
      for (WebhookReceiver.Delivery d : accepted) {
        assertEquals(hmac(key, d.body()), d.signature(), "X-Condo-Signature is the HMAC-SHA256 of the body");
        JsonObject event = d.json();
        assertEquals(event.getString("id"), d.eventHeader(), "X-Condo-Event is the event's id");
        assertEquals(instance, event.getString("instance"));
        if (seen.add(event.getString("id"))) {
          String[] parts = event.getString("id").split("\\.");
          runs.computeIfAbsent(parts[1], r -> new ArrayList<>()).add(Long.parseLong(parts[2]));
          arrivalByService.computeIfAbsent(event.getString("service"), s -> new ArrayList<>()).add(event.getString("id"));
        }
      }
      assertTrue(seen.containsAll(beforeKill), "every transition before kill -9 delivered; missing: "
          + beforeKill.stream().filter(id -> !seen.contains(id)).toList());
      runs.forEach((run, numbers) -> {
        List<Long> sorted = numbers.stream().sorted().toList();
        for (int i = 0; i < sorted.size(); i++) {
          assertEquals(i + 1, sorted.get(i), "run " + run + ": every transition, none missing: " + sorted);
        }
      });
      List<String> runOrder = seen.stream().map(id -> id.split("\\.")[1]).distinct().toList();
      arrivalByService.forEach((service, ids) -> {
        List<String> inOrder = ids.stream().sorted((a, b) -> {
          int byRun = Integer.compare(runOrder.indexOf(a.split("\\.")[1]), runOrder.indexOf(b.split("\\.")[1]));
          return byRun != 0 ? byRun : Long.compare(Long.parseLong(a.split("\\.")[2]), Long.parseLong(b.split("\\.")[2]));
        }).toList();
        assertEquals(inOrder, ids, service + "'s transitions arrive in the order they happened");
      });
      String metrics = condo.get("/metrics").body();
      assertTrue(metrics.lines().anyMatch(l -> l.startsWith("condo_webhook_deliveries_total{")
          && l.contains("result=\"delivered\"")), metrics);
      assertTrue(!metrics.contains(receiver.url()) && !condo.logText().contains("/hooks/condo")
          && !condo.logText().contains(SECRET), "the receiver's URL path and the secret are never shown");
    }
  }

  /** Whether the last transition the receiver accepted for the service left it Stable on that image. */
  private static boolean lastTo(WebhookReceiver receiver, String service, String image) {
    List<JsonObject> events = receiver.accepted().stream().map(WebhookReceiver.Delivery::json)
        .filter(e -> service.equals(e.getString("service"))).toList();
    if (events.isEmpty()) {
      return false;
    }
    JsonObject last = events.get(events.size() - 1);
    return "Stable".equals(last.getString("to")) && last.getJsonObject("current") != null
        && image.equals(last.getJsonObject("current").getString("image"));
  }

  /** The stream, or null while Condo is still starting (503) or the connection is dropped. */
  private static SseClient openStream(CondoProcess condo) {
    try {
      SseClient open = SseClient.open(condo.url() + "/v1/events", Map.of("Accept", "application/x-ndjson"));
      if (open.response().statusCode() == 200) {
        return open;
      }
      open.close();
      return null;
    } catch (Exception notYet) {
      return null;
    }
  }

  private static int queued(CondoProcess condo) {
    return condo.get("/metrics").body().lines().filter(l -> l.startsWith("condo_webhook_queue "))
        .map(l -> (int) Double.parseDouble(l.substring(l.indexOf(' ') + 1))).findFirst().orElse(-1);
  }

  private static String hmac(byte[] key, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
  }
}
