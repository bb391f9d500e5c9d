package io.condo.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.condo.bus.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The browsers' bridge in one JVM, on a real Vert.x and real sockets: a browser that stops reading
 * is disconnected once what it has not taken passes the budget, while one that reads stays.
 */
@ExtendWith(VertxExtension.class)
class BrowserBridgeTest {

  static final long BUDGET = 1024 * 1024;

  Vertx bridgeVertx;
  BrowserBridge bridge;
  HttpServer server;

  @BeforeEach
  void bridgeOnAServer(Vertx vertx) {
    bridgeVertx = BrowserBridge.newBridgeVertx();
    bridge = BrowserBridge.start(vertx, bridgeVertx, 8, BUDGET);
    Router router = Router.router(vertx);
    Connections connections = new Connections(16, Duration.ofMinutes(1), System::nanoTime);
    router.route("/eventbus/*").handler(new BridgeGate(Origins.of(java.util.List.of()), bridge, connections));
    router.route("/eventbus/*").subRouter(bridge.router());
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
  }

  @AfterEach
  void stop() {
    bridge.stop().await();
  }

  @Test
  void aBrowserThatDoesNotReadIsDroppedOnceItsBudgetIsFullAndOneThatReadsStays() throws Exception {
    try (Socket slow = subscribed(4096); Socket reading = subscribed(1024 * 1024)) {
      reading.setSoTimeout(0);
      Thread reader = new Thread(() -> drain(reading), "reading-browser");
      reader.setDaemon(true);
      reader.start();
      // As the page does: the bridge closes a socket that has not pinged for 10 s.
      Thread pinger = new Thread(() -> ping(reading), "pinging-browser");
      pinger.setDaemon(true);
      pinger.start();
      String payload = "x".repeat(8 * 1024);
      for (int i = 0; i < 2_000; i++) { // 16 MB, far past what the slow one's buffers and budget hold
        bridgeVertx.eventBus().publish(Addresses.UI_TRANSITIONS, new JsonObject().put("n", i).put("p", payload));
        Thread.sleep(1); // as events come (fast), not all in one instant
      }
      assertTrue(HardClose.available(), "a connection can be ended at once");
      Awaitility.await("the slow browser's socket closed").atMost(Duration.ofSeconds(20))
          .until(() -> bridge.openSockets() == 1);
      long received = bytesUntilTheEnd(slow.getInputStream(), Duration.ofSeconds(20));
      assertTrue(received < 8 * 1024 * 1024, "the slow browser got at most what its buffers held: " + received);
      assertEquals(1, bridge.openSockets(), "the reading browser stays");
      assertTrue(reader.isAlive(), "and is still reading");
      assertTrue(drained.get() > 16_000_000, "and got every message: " + drained.get());
    }
  }

  /** A raw WebSocket to /eventbus/websocket, subscribed to the UI address, its first message read. */
  private Socket subscribed(int receiveBuffer) throws Exception {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(receiveBuffer);
    socket.connect(new InetSocketAddress("127.0.0.1", server.actualPort()));
    socket.setSoTimeout(10_000);
    OutputStream out = socket.getOutputStream();
    out.write(("GET /eventbus/websocket HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    DataInputStream in = new DataInputStream(socket.getInputStream());
    String headers = readHeaders(in);
    assertTrue(headers.startsWith("HTTP/1.1 101"), headers);
    sendText(out, new JsonObject().put("type", "register").put("address", Addresses.UI_TRANSITIONS).encode());
    Awaitility.await("registered").atMost(Duration.ofSeconds(10)).until(() -> {
      bridgeVertx.eventBus().publish(Addresses.UI_TRANSITIONS, new JsonObject().put("probe", true));
      return in.available() > 0;
    });
    return socket;
  }

  private static String readHeaders(InputStream in) throws IOException {
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    while (!seen.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      seen.write(b);
    }
    return seen.toString(StandardCharsets.US_ASCII);
  }

  /** One masked text frame, as a browser sends. */
  private static void sendText(OutputStream out, String text) throws IOException {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    byte[] mask = {1, 2, 3, 4};
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(0x81);
    frame.write(0x80 | payload.length); // short messages only
    frame.write(mask);
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ mask[i % 4]);
    }
    out.write(frame.toByteArray());
    out.flush();
  }

  /** Reads until the server ends the connection; how many bytes came. Fails if it never ends. */
  private static long bytesUntilTheEnd(InputStream in, Duration within) throws IOException {
    long deadline = System.nanoTime() + within.toNanos();
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    while (System.nanoTime() < deadline) {
      try {
        int n = in.read(buffer);
        if (n < 0) {
          return total;
        }
        total += n;
      } catch (SocketTimeoutException e) {
        // keep waiting until the deadline
      }
    }
    throw new AssertionError("the server never closed the slow browser's connection (" + total + " bytes read)");
  }

  private static void ping(Socket socket) {
    try {
      while (!socket.isClosed()) {
        sendText(socket.getOutputStream(), "{\"type\":\"ping\"}");
        Thread.sleep(2_000);
      }
    } catch (IOException | InterruptedException e) {
      // closed at the end of the test
    }
  }

  private final java.util.concurrent.atomic.AtomicLong drained = new java.util.concurrent.atomic.AtomicLong();

  private void drain(Socket socket) {
    byte[] buffer = new byte[64 * 1024];
    try {
      int n;
      while ((n = socket.getInputStream().read(buffer)) >= 0) {
        drained.addAndGet(n); // a browser that keeps up
      }
    } catch (IOException e) {
      // closed at the end of the test
    }
  }
}
