package io.condo.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The Docker client against an engine that is slow, truncates its answers, hangs up or resets. */
class EngineFaultsTest {

  static final String START = "POST /v1.41/containers/abc/start";

  /** Apache's client retries idempotent requests itself; a start (a POST) is this client's to resend. */
  @Test
  void aKeptAliveConnectionTheEngineDroppedIsSentOnceMoreOnANewPool() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    try (BrokenEngine engine = new BrokenEngine((request, connection, reply) -> {
      if (connection == 1 && asked.incrementAndGet() == 2) {
        reply.hangUp(); // the second request on the first connection: the engine restarted meanwhile
      } else {
        reply.json(204, "");
      }
    }); DockerApi docker = engine.client()) {
      docker.negotiate();
      docker.start("abc");
      docker.start("abc");
      assertEquals(List.of(START, START, START), engine.requests(), "answered after one reconnection");
    }
  }

  @Test
  void aCreateThatMayHaveBeenReceivedIsNeverSentTwice() throws Exception {
    try (BrokenEngine engine = new BrokenEngine((request, connection, reply) -> {
      if (request.startsWith("POST /v1.41/containers/create")) {
        reply.hangUp();
      } else {
        reply.json(200, "[]");
      }
    }); DockerApi docker = engine.client()) {
      docker.negotiate();
      docker.listByLabels("a=b");
      DockerException e = assertThrows(DockerException.class,
          () -> docker.create("web_x", JsonNodeFactory.instance.objectNode().put("Image", "good:1")));
      assertTrue(e.getMessage().startsWith("Docker at tcp://127.0.0.1:"), e.getMessage());
      assertEquals(1, engine.requests().stream().filter(r -> r.startsWith("POST /v1.41/containers/create")).count(),
          "sent once: a second create could make a second container");
    }
  }

  @Test
  void aResetConnectionIsSentOnceMore() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    try (BrokenEngine engine = new BrokenEngine((request, connection, reply) -> {
      if (asked.incrementAndGet() == 1) {
        reply.reset();
      } else {
        reply.json(204, "");
      }
    }); DockerApi docker = engine.client()) {
      docker.negotiate();
      docker.start("abc");
      assertEquals(List.of(START, START), engine.requests());
    }
  }

  @Test
  void aTruncatedAnswerIsAnErrorNotGarbage() throws Exception {
    try (BrokenEngine engine = new BrokenEngine((request, connection, reply) ->
        reply.truncated("{\"Config\":{\"Lab", 200)); DockerApi docker = engine.client()) {
      docker.negotiate();
      DockerException e = assertThrows(DockerException.class, () -> docker.inspect("abc"));
      assertTrue(e.getMessage().startsWith("reading Docker's answer failed"), e.getMessage());
    }
  }

  @Test
  void aSlowEventStreamIsDeliveredAsItComesAndABrokenOneSaysSo() throws Exception {
    List<String> events = List.of("{\"status\":\"start\",\"id\":\"a\"}", "{\"status\":\"die\",\"id\":\"a\"}");
    AtomicInteger streams = new AtomicInteger();
    try (BrokenEngine engine = new BrokenEngine((request, connection, reply) -> {
      if (streams.incrementAndGet() == 1) {
        reply.slowLines(events, 100);
      } else {
        reply.truncated("{\"status\":\"sta", 500);
      }
    }); DockerApi docker = engine.client()) {
      docker.negotiate();
      List<String> seen = new ArrayList<>();
      AtomicBoolean connectedFirst = new AtomicBoolean();
      docker.streamEvents("condo.instance=i1", () -> connectedFirst.set(seen.isEmpty()),
          event -> seen.add(event.path("status").asText()));
      assertTrue(connectedFirst.get(), "told connected before any event");
      assertEquals(List.of("start", "die"), seen);
      DockerException broke = assertThrows(DockerException.class,
          () -> docker.streamEvents("condo.instance=i1", () -> { }, event -> { }));
      assertTrue(broke.getMessage().startsWith("Docker stream broke"), broke.getMessage());
    }
  }

  @Test
  void deploysOfOneImageAtOnceShareOnePull() throws Exception {
    AtomicBoolean pulled = new AtomicBoolean();
    try (BrokenEngine engine = new BrokenEngine((request, connection, reply) -> {
      if (request.startsWith("GET /v1.41/images/")) {
        reply.json(pulled.get() ? 200 : 404, pulled.get() ? "{}" : "{\"message\":\"No such image\"}");
      } else if (request.startsWith("POST /v1.41/images/create")) {
        reply.slowLines(List.of("{\"status\":\"Pulling fs layer\"}", "{\"status\":\"Download complete\"}"), 150);
        pulled.set(true);
      }
    }); DockerApi docker = engine.client()) {
      docker.negotiate();
      assertEquals(List.of(true, true, true, true, true), together(5, () -> docker.ensureImage("registry.test/app:1")));
      assertEquals(1, engine.requests().stream().filter(r -> r.startsWith("POST /v1.41/images/create")).count(),
          "one pull for five deploys: " + engine.requests());
    }
  }

  @Test
  void aFailedPullIsEveryWaitingDeploysFailureInDockersWords() throws Exception {
    try (BrokenEngine engine = new BrokenEngine((request, connection, reply) -> {
      if (request.startsWith("GET /v1.41/images/")) {
        reply.json(404, "{\"message\":\"No such image\"}");
      } else {
        reply.slowLines(List.of("{\"status\":\"Pulling\"}", "{\"error\":\"manifest for registry.test/app:2 not found\"}"),
            150);
      }
    }); DockerApi docker = engine.client()) {
      docker.negotiate();
      List<Boolean> done = together(4, () -> {
        DockerException e = assertThrows(DockerException.class, () -> docker.ensureImage("registry.test/app:2"));
        assertEquals("manifest for registry.test/app:2 not found", e.getMessage());
      });
      assertEquals(List.of(true, true, true, true), done);
      assertEquals(1, engine.requests().stream().filter(r -> r.startsWith("POST /v1.41/images/create")).count());
    }
  }

  @Test
  void whatIsStaleIsToldByTheExceptionsTypeNotItsText() {
    assertTrue(EngineTransport.wentStale(new RuntimeException(new SocketException("anything")), "/v1.41/containers/create"));
    assertFalse(EngineTransport.wentStale(new RuntimeException(new ConnectException("Broken pipe")), "/v1.41/containers/x/json"),
        "refused: the engine is away, whatever the message says");
    assertFalse(EngineTransport.wentStale(new RuntimeException(new IOException("Connection reset")), "/v1.41/containers/x/json"));
  }

  /** Runs {@code task} on {@code n} threads released at once; true for each that returned normally. */
  private static List<Boolean> together(int n, Runnable task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Boolean>> runs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        runs.add(pool.submit(() -> {
          start.await();
          task.run();
          return true;
        }));
      }
      start.countDown();
      List<Boolean> results = new ArrayList<>();
      for (Future<Boolean> run : runs) {
        results.add(run.get(30, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
