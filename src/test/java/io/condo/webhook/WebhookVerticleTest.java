package io.condo.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.condo.bus.Addresses;
import io.condo.bus.FleetTransition;
import io.condo.bus.MessageCodecs;
import io.condo.bus.TransitionEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The webhooks in one JVM, on a real Vert.x and a real receiver. */
@ExtendWith(VertxExtension.class)
class WebhookVerticleTest {

  @Test
  void anOutboxThatCannotBeWrittenStopsNothingAndEventsAreStillSent(Vertx vertx, @TempDir Path dir)
      throws Exception {
    List<String> received = new CopyOnWriteArrayList<>();
    HttpServer receiver = vertx.createHttpServer().requestHandler(request -> {
      received.add(request.getHeader("X-Condo-Event"));
      request.response().setStatusCode(204).end();
    }).listen(0, "127.0.0.1").await();
    // Beside a state whose directory is a file: nothing can be written there, not even by root.
    Path notADirectory = Files.writeString(dir.resolve("state-dir"), "a file");
    MessageCodecs.registerAll(vertx.eventBus());
    WebhookSettings settings = new WebhookSettings(
        List.of(Receiver.parse("http://127.0.0.1:" + receiver.actualPort() + "/hook")), null);
    vertx.deployVerticle(new WebhookVerticle("a", settings, notADirectory.resolve("state"), Clock.systemUTC()))
        .await();

    vertx.eventBus().publish(Addresses.FLEET_TRANSITIONS, new FleetTransition("a:1", new TransitionEvent("a:1", "a",
        "host-a", "web", "Init", "Stable", Instant.now(), null, null, null, null, "spec")));
    Awaitility.await().until(() -> !received.isEmpty());
    assertEquals(List.of("a:1"), received);
  }
}
