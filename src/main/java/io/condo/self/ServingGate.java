package io.condo.self;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;

/**
 * When the hand-over helper starts running the new Condo's health check: once the new Condo
 * answers its state API, asked over its container's network. Each run of the check is a JVM in
 * the new container, and one started while the new Condo's own JVM starts slows both on a small
 * host. The verdict stays the check's own; this only says when to ask. With no address to ask
 * (another network, the host's), or after {@link #OPEN_AFTER}, it is open.
 */
final class ServingGate {

  static final Duration OPEN_AFTER = Duration.ofSeconds(10);
  private static final Duration ASK_WITHIN = Duration.ofSeconds(1);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(ASK_WITHIN).build();
  private final long since = System.nanoTime();

  boolean open(JsonNode inspected) throws InterruptedException {
    URI state = stateUri(inspected);
    if (state == null || System.nanoTime() - since > OPEN_AFTER.toNanos()) {
      return true;
    }
    try {
      return http.send(HttpRequest.newBuilder(state).timeout(ASK_WITHIN).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException notYet) {
      return false;
    }
  }

  /** The state API at the container's address on its network and Condo's port there; null when either is unknown. */
  static URI stateUri(JsonNode inspected) {
    String address = null;
    for (JsonNode network : inspected.path("NetworkSettings").path("Networks")) {
      String ip = network.path("IPAddress").asText("");
      if (!ip.isEmpty()) {
        address = ip;
        break;
      }
    }
    Integer port = httpPort(inspected.path("Config"));
    return address == null || port == null || address.indexOf(':') >= 0 ? null
        : URI.create("http://" + address + ":" + port + "/v1/state");
  }

  /**
   * The port Condo listens on in the container: its command's {@code --http-port}, else its
   * environment's {@code CONDO_HTTP_PORT} (the image sets 80), else its first exposed TCP port.
   */
  static Integer httpPort(JsonNode config) {
    JsonNode cmd = config.path("Cmd");
    for (int i = 0; i < cmd.size(); i++) {
      String arg = cmd.get(i).asText();
      if (arg.equals("--http-port") && i + 1 < cmd.size()) {
        return port(cmd.get(i + 1).asText());
      }
      if (arg.startsWith("--http-port=")) {
        return port(arg.substring("--http-port=".length()));
      }
    }
    for (JsonNode env : config.path("Env")) {
      String entry = env.asText();
      if (entry.startsWith("CONDO_HTTP_PORT=")) {
        return port(entry.substring("CONDO_HTTP_PORT=".length()));
      }
    }
    for (Iterator<String> exposed = config.path("ExposedPorts").fieldNames(); exposed.hasNext(); ) {
      String key = exposed.next();
      if (key.endsWith("/tcp")) {
        return port(key.substring(0, key.length() - "/tcp".length()));
      }
    }
    return null;
  }

  private static Integer port(String text) {
    try {
      int port = Integer.parseInt(text.trim());
      return port > 0 && port < 65_536 ? port : null;
    } catch (NumberFormatException notAPort) {
      return null;
    }
  }
}
