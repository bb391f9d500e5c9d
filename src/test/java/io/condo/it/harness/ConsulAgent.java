package io.condo.it.harness;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real Consul agent in dev mode on loopback, on ports of its own; restartable on the same ports. */
public final class ConsulAgent implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final String binary;
  private final Path log;
  private final int http = CondoProcess.freePort();
  private final int[] others = {CondoProcess.freePort(), CondoProcess.freePort(), CondoProcess.freePort()};
  private Process process;

  public ConsulAgent(Path dir) throws Exception {
    Process find = new ProcessBuilder("scripts/consul.sh").redirectError(ProcessBuilder.Redirect.DISCARD).start();
    binary = new String(find.getInputStream().readAllBytes()).trim();
    if (find.waitFor() != 0 || binary.isEmpty()) {
      throw new IllegalStateException("scripts/consul.sh could not provide a Consul binary");
    }
    log = dir.resolve("consul.log");
  }

  public String url() {
    return "http://127.0.0.1:" + http;
  }

  public ConsulAgent start() throws IOException {
    process = new ProcessBuilder(binary, "agent", "-dev", "-client", "127.0.0.1", "-bind", "127.0.0.1",
        "-http-port", String.valueOf(http), "-dns-port", "-1", "-grpc-port", "-1",
        "-server-port", String.valueOf(others[0]), "-serf-lan-port", String.valueOf(others[1]),
        "-serf-wan-port", String.valueOf(others[2])).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    Await.until("Consul to elect a leader", Duration.ofSeconds(30), () -> {
      String leader = get("/v1/status/leader");
      return leader != null && leader.length() > 2;
    });
    return this;
  }

  public void stop() throws InterruptedException {
    process.destroy();
    process.waitFor(20, TimeUnit.SECONDS);
  }

  /** The keys under the prefix with their decoded values and sessions. */
  public List<JsonObject> keys(String prefix) {
    String body = get("/v1/kv/" + prefix + "?recurse");
    if (body == null) {
      return List.of();
    }
    return new JsonArray(body).stream().map(JsonObject.class::cast).map(kv -> kv.copy()
        .put("Value", kv.getString("Value") == null ? null
            : new String(Base64.getDecoder().decode(kv.getString("Value"))))).toList();
  }

  public void put(String key, String value) {
    send("PUT", "/v1/kv/" + key, value);
  }

  public void delete(String key) {
    send("DELETE", "/v1/kv/" + key, "");
  }

  public void destroySession(String id) {
    send("PUT", "/v1/session/destroy/" + id, "");
  }

  /** The body, or null for a 404. */
  public String get(String path) {
    return send("GET", path, null);
  }

  private String send(String method, String path, String body) {
    try {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url() + path))
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 404 ? null : response.body();
    } catch (IOException e) {
      throw new IllegalStateException("Consul did not answer: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(20, TimeUnit.SECONDS);
    }
  }
}
