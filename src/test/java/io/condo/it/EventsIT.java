package io.condo.it;

import io.condo.it.harness.BridgeSocket;
import io.condo.it.harness.CondoTestBase;
import io.condo.it.harness.SseClient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.condo.bus.Addresses;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The live stream of transitions ({@code /v1/events}) and the browsers' event-bus bridge, against
 * a real Condo deploying real containers.
 */
class EventsIT extends CondoTestBase {

  static final Duration T = Duration.ofSeconds(60);
  static final Set<String> EVENT_FIELDS = Set.of("id", "instance", "host", "service", "from", "to", "time",
      "current", "next", "error", "retry_at", "reason", "restarts", "rolled_back", "rollout");

  @Test
  void everyTransitionIsStreamedAndAReaderResumesExactlyAfterItsCursor() throws Exception {
    Deployed d = deployGood1("web");
    String url = d.condo().url() + "/v1/events?service=" + d.service();
    try (SseClient watcher = SseClient.open(url, Map.of()); SseClient reader = SseClient.open(url, Map.of())) {
      var headers = watcher.response().headers();
      assertEquals("text/event-stream; charset=utf-8", headers.firstValue("Content-Type").orElse(""));
      assertEquals("no", headers.firstValue("X-Accel-Buffering").orElse(""));
      writeSpec(d.specs(), d.service(), spec(GOOD_2, "[:Before]"));
      // The reader sees the first transition of the deploy, then drops out.
      SseClient.Event first = reader.next("transition", T);
      assertEquals(EVENT_FIELDS, first.data().fieldNames(), "the event object, never the spec body");
      assertEquals("Stable", first.data().getString("from"));
      assertEquals(d.condo().instanceId(), first.data().getString("instance"));
      reader.close();

      List<SseClient.Event> all = new ArrayList<>();
      all.add(watcher.next("transition", T));
      while (!"Stable".equals(all.get(all.size() - 1).data().getString("to"))) {
        all.add(watcher.next("transition", T));
      }
      Files.delete(d.file());
      do {
        all.add(watcher.next("transition", T));
      } while (all.get(all.size() - 1).data().getString("to") != null);
      assertEquals(first.id(), all.get(0).id(), "both saw the same first event");
      assertEquals(first.data(), all.get(0).data());

      try (SseClient resumed = SseClient.open(url, Map.of("Last-Event-ID", first.id()))) {
        for (SseClient.Event expected : all.subList(1, all.size())) {
          SseClient.Event got = resumed.next(e -> !e.type().equals("comment"), "the next event", T);
          assertEquals("transition", got.type());
          assertEquals(expected.id(), got.id(), "exactly the events after the cursor, in order, none repeated");
          assertEquals(expected.data(), got.data());
        }
      }
      assertNull(all.get(all.size() - 1).data().getValue("current"), "the service is gone: to and current null");
    }
  }

  @Test
  void aCursorThatCannotBeContinuedGetsAResetNotAGap() throws Exception {
    Deployed d = deployGood1("web");
    try (SseClient stale = SseClient.open(d.condo().url() + "/v1/events?since=00000000-7", Map.of())) {
      SseClient.Event reset = stale.next(e -> !e.type().equals("comment"), "the first event", T);
      assertEquals("reset", reset.type());
      assertTrue(reset.data().getString("reason").contains("/v1/global_state"), reset.text());
      assertEquals(reset.id(), reset.data().getString("cursor"));
      writeSpec(d.specs(), d.service(), spec(GOOD_2, "[:Before]"));
      assertEquals("Stable", stale.next("transition", T).data().getString("from"), "and it carries on from there");
    }
    assertEquals(400, d.condo().status("/v1/events?snapshot=maybe"));
    assertEquals(400, d.condo().status("/v1/events?service=../etc"));
  }

  @Test
  void snapshotFiltersNdjsonAndHeartbeats() throws Exception {
    Deployed d = deployGood1("web");
    String other = unique("other");
    try (SseClient snap = SseClient.open(d.condo().url() + "/v1/events?snapshot=true&service=" + other, Map.of());
         SseClient lines = SseClient.open(d.condo().url() + "/v1/events?service=" + other,
             Map.of("Accept", "application/x-ndjson"))) {
      SseClient.Event snapshot = snap.next("snapshot", T);
      JsonObject mine = snapshot.data().getJsonArray("instances").getJsonObject(0);
      assertEquals(d.condo().instanceId(), mine.getString("instance"));
      assertEquals("Stable", mine.getJsonObject("services").getJsonObject(d.service()).getString("state"));
      assertEquals("application/x-ndjson", lines.response().headers().firstValue("Content-Type").orElse(""));

      // The web service's deploy comes first, but the readers filtered on the other one see only it.
      writeSpec(d.specs(), d.service(), spec(GOOD_2, "[:Before]"));
      d.condo().awaitStableOn(d.service(), GOOD_2, T);
      writeSpec(d.specs(), other, spec(GOOD_1, "[:Before]"));
      SseClient.Event firstOther = snap.next("transition", T);
      assertEquals(other, firstOther.data().getString("service"));
      assertEquals("Init", firstOther.data().getString("from"));
      SseClient.Event line = lines.next("line", T);
      assertEquals(other, line.data().getString("service"));
      assertNotNull(line.data().getString("cursor"), "each line carries the cursor to resume from");
    }
    try (SseClient quiet = SseClient.open(d.condo().url() + "/v1/events?service=" + unique("none"), Map.of())) {
      SseClient.Event beat = quiet.next("comment", Duration.ofSeconds(16));
      assertEquals(": heartbeat", beat.text());
    }
  }

  @Test
  void theBridgeCarriesTransitionsOutAndRefusesEverythingIn() throws Exception {
    Deployed d = deployGood1("web");
    String startedAt = docker.startedAt(d.container());
    try (BridgeSocket browser = BridgeSocket.open(d.condo().url())) {
      browser.register(Addresses.UI_TRANSITIONS);
      // Everything a browser might try to say is refused, whatever the address.
      for (String type : List.of("send", "publish")) {
        for (String address : List.of(Addresses.DOCKER, Addresses.UI_TRANSITIONS, Addresses.FLEET_STATE, "anything")) {
          browser.send(new JsonObject().put("type", type).put("address", address)
              .put("body", new JsonObject().put("ref", d.container())).put("replyAddress", "mine"));
          JsonObject refused = browser.next(f -> "err".equals(f.getString("type")), type + " refused", T);
          assertEquals("access_denied", refused.getString("body"), type + " " + address);
        }
      }
      browser.register(Addresses.FLEET_STATE);
      assertEquals("access_denied", browser.next(f -> "err".equals(f.getString("type")), "register refused", T)
          .getString("body"));
      assertEquals(startedAt, docker.startedAt(d.container()), "nothing a browser sent reached Docker");

      writeSpec(d.specs(), d.service(), spec(GOOD_2, "[:Before]"));
      JsonObject rec = browser.next(f -> "rec".equals(f.getString("type")), "a transition", T);
      assertEquals(Addresses.UI_TRANSITIONS, rec.getString("address"));
      assertFalse(rec.containsKey("replyAddress"), "never a message a browser could answer: " + rec);
      JsonObject event = rec.getJsonObject("body");
      Set<String> bridged = new HashSet<>(EVENT_FIELDS);
      bridged.add("cursor");
      assertEquals(bridged, event.fieldNames(), "the event and the cursor a page resumes from, nothing else");
      assertEquals(d.service(), event.getString("service"));
      assertEquals("Stable", event.getString("from"));
    }
  }
}
