package io.condo.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.condo.bus.Addresses;
import io.condo.bus.FleetTransition;
import io.condo.bus.HistoryQuery;
import io.condo.bus.MessageCodecs;
import io.condo.bus.Requests;
import io.condo.bus.TransitionEvent;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The HTTP API's event stream in one JVM, on a real Vert.x and a real socket, with the fleet's
 * history stood in for: a reader that stops reading is cut off, and its place is given back.
 */
@ExtendWith(VertxExtension.class)
class EventStreamTest {

  static final String NOISE = "x".repeat(2_000);
  final AtomicLong published = new AtomicLong();
  Vertx vertx;
  Vertx bridgeVertx;
  int port;

  @BeforeEach
  void api(Vertx vertx) {
    this.vertx = vertx;
    MessageCodecs.registerAll(vertx.eventBus());
    Requests.answerNow(vertx.eventBus(), Addresses.FLEET_HISTORY,
        (HistoryQuery query) -> new HistoryQuery.Answer(false, List.of(), FleetTransition.cursor("run", 0))).await();
    bridgeVertx = Vertx.vertx();
    HttpSettings oneStream = new HttpSettings(Origins.of(List.of()), 1, 1, 1, 100, Duration.ofMinutes(5));
    HttpVerticle http = new HttpVerticle("127.0.0.1", 0, oneStream, false, bridgeVertx);
    vertx.deployVerticle(http).await();
    port = http.actualPort();
  }

  @AfterEach
  void closeBridge() {
    bridgeVertx.close().await();
  }

  /** A socket that asked for the stream and read its status line, then reads nothing more. */
  Socket openStream() throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(4096);
    socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
    socket.setSoTimeout(5_000);
    socket.getOutputStream().write(("GET /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    return socket;
  }

  static String statusLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
      line.append((char) b);
    }
    return line.toString().trim();
  }

  int anotherStreamsStatus() throws IOException {
    try (Socket other = openStream()) {
      return Integer.parseInt(statusLine(other.getInputStream()).split(" ")[1]);
    }
  }

  void publishBurst() {
    for (int i = 0; i < 200; i++) {
      long n = published.incrementAndGet();
      TransitionEvent event = new TransitionEvent("i.run." + n, "a0a0a0", "host-a", "web", "Stable", "Wait",
          Instant.now(), null, null, NOISE, null, "spec");
      vertx.eventBus().publish(Addresses.FLEET_TRANSITIONS, new FleetTransition(FleetTransition.cursor("run", n), event));
    }
  }

  /** Whether the server ends the connection within the time: an end of stream, or a reset. */
  static boolean ended(Socket socket, Duration within) throws IOException {
    socket.setSoTimeout((int) within.toMillis());
    byte[] sink = new byte[64 * 1024];
    try {
      while (socket.getInputStream().read(sink) >= 0) {
        // what was queued before the end
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  @Test
  void aReaderThatStopsReadingIsCutOffAndItsPlaceGivenBack() throws Exception {
    try (Socket slow = openStream()) {
      assertEquals("HTTP/1.1 200 OK", statusLine(slow.getInputStream()));
      assertEquals(503, anotherStreamsStatus(), "the one place is the slow reader's");

      Awaitility.await("the slow reader's place given back").atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(20)).until(() -> {
            publishBurst();
            return anotherStreamsStatus() == 200;
          });

      long bytes = published.get() * NOISE.length();
      assertTrue(bytes < 64L * 1024 * 1024, "cut off after " + bytes + " bytes, not held in memory without end");
      assertTrue(ended(slow, Duration.ofSeconds(5)), "the slow reader's connection is ended");
    }
  }
}
