package io.condo.it.harness;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver on loopback, as a user would run one: it records every request (headers and
 * the raw body, in arrival order), answers 503 to the first {@code refuse} of them and 204 after,
 * and can be taken down and brought back on the same port.
 */
public final class WebhookReceiver implements AutoCloseable {

  /** One request as it arrived. */
  public record Delivery(String eventHeader, String signature, byte[] body, int answered) {
    public JsonObject json() {
      return new JsonObject(new String(body, StandardCharsets.UTF_8));
    }
  }

  private final int port = FreePorts.next();
  private final List<Delivery> deliveries = new ArrayList<>();
  private final AtomicInteger toRefuse;
  private HttpServer server;

  public WebhookReceiver(int refuse) {
    this.toRefuse = new AtomicInteger(refuse);
  }

  public String url() {
    return "http://127.0.0.1:" + port + "/hooks/condo";
  }

  public WebhookReceiver up() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
    server.createContext("/hooks/condo", exchange -> {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      int status = toRefuse.getAndDecrement() > 0 ? 503 : 204;
      synchronized (deliveries) {
        deliveries.add(new Delivery(exchange.getRequestHeaders().getFirst("X-Condo-Event"),
            exchange.getRequestHeaders().getFirst("X-Condo-Signature"), body, status));
      }
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    server.start();
    return this;
  }

  public void down() {
    server.stop(0);
  }

  public List<Delivery> deliveries() {
    synchronized (deliveries) {
      return List.copyOf(deliveries);
    }
  }

  /** The requests it accepted (answered 204), in arrival order. */
  public List<Delivery> accepted() {
    return deliveries().stream().filter(d -> d.answered() == 204).toList();
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
    }
  }
}
