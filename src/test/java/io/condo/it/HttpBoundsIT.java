package io.condo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.condo.it.harness.CondoProcess;
import io.condo.it.harness.CondoTestBase;
import io.condo.it.harness.SseClient;
import io.condo.it.harness.TestHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What browsers and HTTP clients can make a real Condo do: the bridge only for Condo's own origin
 * and the listed ones, each long-lived thing capped with a 503 and Retry-After, idle connections
 * closed, and metrics labels that clients cannot mint.
 */
class HttpBoundsIT extends CondoTestBase {

  static final Duration T = Duration.ofSeconds(30);

  @Test
  void theBridgeServesOnlyCondosOwnOriginAndTheListedOnes() throws Exception {
    CondoProcess condo = condo(Map.of(), List.of("--http-allowed-origins", "https://ops.example"), prefix("specs"))
        .start();
    int port = port(condo);
    assertEquals(403, upgrade(port, "https://evil.example"), "a page of another site");
    assertEquals(403, upgrade(port, "null"), "a sandboxed page");
    assertEquals(403, upgrade(port, "http://127.0.0.1:" + (port + 1)), "another port is another origin");
    assertEquals(101, upgrade(port, "http://127.0.0.1:" + port), "Condo's own page");
    assertEquals(101, upgrade(port, "https://ops.example"), "a listed origin");
    assertEquals(101, upgrade(port, null), "not a browser");

    String info = raw(port, "GET /eventbus/info HTTP/1.1\r\nHost: 127.0.0.1:" + port
        + "\r\nOrigin: https://evil.example\r\nConnection: close\r\n\r\n");
    assertTrue(info.startsWith("HTTP/1.1 403"), info);
    assertFalse(info.toLowerCase().contains("access-control-allow"), "no CORS answer for another site: " + info);

    // Only WebSocket transports: xhr_send is not there, and nothing fails inside Condo.
    String xhr = raw(port, "POST /eventbus/000/abcdefgh/xhr_send HTTP/1.1\r\nHost: 127.0.0.1:" + port
        + "\r\nContent-Length: 2\r\nConnection: close\r\n\r\n[]");
    assertFalse(xhr.startsWith("HTTP/1.1 500"), xhr);
    assertFalse(condo.logText().contains("BodyHandler") || condo.logText().contains("failed"), condo.logText());
  }

  @Test
  void eachLongLivedRequestIsCappedWithA503AndRetryAfter() throws Exception {
    CondoProcess condo = condo(Map.of(), List.of("--http-max-event-streams", "1", "--http-max-waiters", "1",
        "--http-max-bridge-sockets", "1"), prefix("specs")).start();
    int port = port(condo);

    SseClient first = SseClient.open(condo.url() + "/v1/events", Map.of());
    HttpResponse<String> second = condo.get("/v1/events");
    assertEquals(503, second.statusCode());
    assertEquals("10", second.headers().firstValue("Retry-After").orElse(""));
    assertTrue(second.body().contains("too many /v1/events streams (at most 1)"), second.body());
    first.close();
    org.awaitility.Awaitility.await("a stream served again once the first closed").atMost(T).until(() -> {
      try (SseClient again = SseClient.open(condo.url() + "/v1/events", Map.of())) {
        return again.response().statusCode() == 200;
      }
    });

    CompletableFuture<HttpResponse<String>> waiting = TestHttp.getAsync(condo.url() + "/v1/wait_for?name=x&timeout=3s");
    awaitStatus(condo, "/v1/wait_for?name=y&timeout=1s", 503);
    assertEquals(500, waiting.get().statusCode(), "the waiter it holds answers as ever (a timeout)");
    assertEquals(500, condo.get("/v1/wait_for?name=y&timeout=100ms").statusCode(), "its place is free again");

    try (Socket socket = new Socket("127.0.0.1", port)) {
      assertEquals(101, upgrade(socket, port, null));
      assertEquals(503, upgrade(port, null), "a second bridge socket");
    }
  }

  @Test
  void madeUpMethodsDoNotMintMetricsLabels() throws Exception {
    CondoProcess condo = condo(prefix("specs")).start();
    int port = port(condo);
    for (int i = 0; i < 300; i++) {
      raw(port, "FOO" + i + " /v1/state HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    }
    String metrics = condo.get("/metrics").body();
    Set<String> methods = new TreeSet<>();
    Matcher label = Pattern.compile("method=\"([^\"]*)\"").matcher(metrics);
    while (label.find()) {
      methods.add(label.group(1));
    }
    assertEquals(Set.of("GET", "OTHER"), methods, "the method labels after 300 made-up methods");
  }

  @Test
  void idleConnectionsAreClosedAndTheLongestIdleGoesFirst() throws Exception {
    CondoProcess condo = condo(Map.of(), List.of("--http-idle-seconds", "2", "--http-max-idle-connections", "3"),
        prefix("specs")).start();
    int port = port(condo);
    try (Socket silent = new Socket("127.0.0.1", port)) {
      assertTrue(endsWithin(silent, Duration.ofSeconds(10)), "a connection that says nothing is closed");
    }
    CompletableFuture<HttpResponse<String>> waiting = TestHttp.getAsync(condo.url() + "/v1/wait_for?name=x&timeout=5s");
    Socket first = new Socket("127.0.0.1", port);
    Socket second = new Socket("127.0.0.1", port);
    Socket third = new Socket("127.0.0.1", port);
    Socket fourth = new Socket("127.0.0.1", port);
    try (first; second; third; fourth) {
      assertTrue(endsWithin(first, Duration.ofSeconds(1)), "past the cap, the longest idle goes");
    }
    assertEquals(500, waiting.get().statusCode(), "a waiter with nothing to say for 5 s is not idle");
  }

  private static int port(CondoProcess condo) {
    return URI.create(condo.url()).getPort();
  }

  private static void awaitStatus(CondoProcess condo, String path, int status) {
    org.awaitility.Awaitility.await(path + " to answer " + status).atMost(T)
        .until(() -> condo.status(path) == status);
  }

  /** The status of a WebSocket upgrade to the bridge with this Origin (none when null). */
  private static int upgrade(int port, String origin) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      return upgrade(socket, port, origin);
    }
  }

  private static int upgrade(Socket socket, int port, String origin) throws IOException {
    socket.setSoTimeout(10_000);
    String request = "GET /eventbus/websocket HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        + (origin == null ? "" : "Origin: " + origin + "\r\n") + "\r\n";
    socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
    String status = statusLine(socket.getInputStream());
    return Integer.parseInt(status.split(" ")[1]);
  }

  private static String statusLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
      line.write(b);
    }
    return line.toString(StandardCharsets.US_ASCII).trim();
  }

  /** A whole exchange on a connection of its own: what came back until the server closed. */
  private static String raw(int port, String request) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  /** Whether the server ends the connection within {@code window}, nothing having been sent. */
  private static boolean endsWithin(Socket socket, Duration window) throws IOException {
    socket.setSoTimeout((int) window.toMillis());
    try {
      return socket.getInputStream().read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }
}
