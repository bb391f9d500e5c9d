package io.condo.it.harness;

import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient.Request;
import com.github.dockerjava.transport.DockerHttpClient.Response;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The tests' own view of the real Docker engine, independent of Condo's client: containers by
 * label, inspect, and the event log with Docker's timestamps.
 */
public final class DockerProbe {

  private static final DockerProbe INSTANCE = new DockerProbe();

  private final DockerHttpClient http;

  private DockerProbe() {
    DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
    http = new ZerodepDockerHttpClient.Builder().dockerHost(config.getDockerHost())
        .sslConfig(config.getSSLConfig()).connectionTimeout(Duration.ofSeconds(5))
        .responseTimeout(Duration.ofSeconds(60)).build();
  }

  public static DockerProbe get() {
    return INSTANCE;
  }

  /** Every container (running or not) with the label, e.g. {@code condo.service=web}. */
  public List<JsonObject> containers(String label) {
    return list("label", label, true);
  }

  /**
   * Docker's list of containers matching one filter ({@code name}, {@code ancestor}, {@code label}…),
   * as {@code docker ps [-a] --filter key=value} shows them: each with its Id, Names and Labels.
   */
  public List<JsonObject> list(String filter, String value, boolean all) {
    String filters = new JsonObject().put(filter, new JsonArray().add(value)).encode();
    JsonArray list = new JsonArray(call("GET", "/containers/json?all=" + (all ? 1 : 0) + "&filters=" + encode(filters)));
    List<JsonObject> result = new ArrayList<>();
    list.forEach(c -> result.add((JsonObject) c));
    return result;
  }


  public List<String> runningIds(String label) {
    return containers(label).stream().filter(c -> "running".equals(c.getString("State")))
        .map(c -> c.getString("Id")).toList();
  }

  public JsonObject inspect(String id) {
    return new JsonObject(call("GET", "/containers/" + id + "/json"));
  }

  /** When the container's process last started, or "gone": a restart shows as a new value. */
  public String startedAt(String id) {
    return exists(id) ? inspect(id).getJsonObject("State").getString("StartedAt") : "gone";
  }

  public boolean exists(String id) {
    try (Response response = http.execute(Request.builder().method(Request.Method.GET)
        .path("/containers/" + id + "/json").build())) {
      return response.getStatusCode() == 200;
    }
  }

  /**
   * Docker's own record of the lifecycle events (create, start, die, destroy, health status) of
   * containers with the label, from {@code sinceNanos} until now. Health probes' exec events are
   * left out.
   */
  public List<JsonObject> events(String label, long sinceNanos) {
    JsonArray lifecycle = new JsonArray().add("create").add("start").add("die").add("destroy").add("kill")
        .add("stop").add("health_status");
    String filters = new JsonObject().put("type", new JsonArray().add("container"))
        .put("label", new JsonArray().add(label)).put("event", lifecycle).encode();
    long nowSeconds = System.currentTimeMillis() / 1000 + 1;
    String since = (sinceNanos / 1_000_000_000L) + "." + String.format("%09d", sinceNanos % 1_000_000_000L);
    String body = call("GET", "/events?since=" + since + "&until=" + nowSeconds + "&filters=" + encode(filters));
    List<JsonObject> events = new ArrayList<>();
    for (String line : body.split("\n")) {
      if (!line.isBlank()) {
        events.add(new JsonObject(line));
      }
    }
    return events;
  }

  /** What Docker itself answers when asked to pull this reference (its error message), or null. */
  public String pullError(String repository, String tag) {
    try (Response response = http.execute(Request.builder().method(Request.Method.POST)
        .path("/images/create?fromImage=" + encode(repository) + "&tag=" + encode(tag)).build())) {
      String body = new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8);
      if (response.getStatusCode() >= 300) {
        return new JsonObject(body).getString("message");
      }
      for (String line : body.split("\n")) {
        if (!line.isBlank() && new JsonObject(line).containsKey("error")) {
          return new JsonObject(line).getString("error");
        }
      }
      return null;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The floor: create and start a container straight through the Engine API; returns its id. */
  public String createAndStart(String name, JsonObject body) {
    String id;
    try (Response response = http.execute(Request.builder().method(Request.Method.POST)
        .path("/containers/create?name=" + encode(name)).putHeader("Content-Type", "application/json")
        .bodyBytes(body.encode().getBytes(StandardCharsets.UTF_8)).build())) {
      String answer = new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8);
      if (response.getStatusCode() != 201) {
        throw new IllegalStateException("create " + name + ": " + answer);
      }
      id = new JsonObject(answer).getString("Id");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    try (Response response = http.execute(Request.builder().method(Request.Method.POST)
        .path("/containers/" + id + "/start").build())) {
      if (response.getStatusCode() != 204) {
        throw new IllegalStateException("start " + name + ": " + response.getStatusCode());
      }
    }
    return id;
  }

  public void start(String id) {
    call("POST", "/containers/" + id + "/start");
  }

  /** {@code docker exec -d}: runs {@code command} in the container and does not wait for it. */
  public void exec(String id, String... command) {
    JsonObject body = new JsonObject().put("Cmd", new io.vertx.core.json.JsonArray(List.of(command)));
    String execId;
    try (Response response = http.execute(Request.builder().method(Request.Method.POST)
        .path("/containers/" + id + "/exec").putHeader("Content-Type", "application/json")
        .bodyBytes(body.encode().getBytes(StandardCharsets.UTF_8)).build())) {
      String answer = new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8);
      if (response.getStatusCode() != 201) {
        throw new IllegalStateException("exec in " + id + ": " + answer);
      }
      execId = new JsonObject(answer).getString("Id");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    try (Response response = http.execute(Request.builder().method(Request.Method.POST)
        .path("/exec/" + execId + "/start").putHeader("Content-Type", "application/json")
        .bodyBytes("{\"Detach\":true}".getBytes(StandardCharsets.UTF_8)).build())) {
      if (response.getStatusCode() >= 300) {
        throw new IllegalStateException("exec start in " + id + ": " + response.getStatusCode());
      }
    }
  }

  /** {@code docker commit}: a new image (its own id) of the container's filesystem, as repo:tag. */
  public void commit(String containerId, String repo, String tag) {
    call("POST", "/commit?container=" + encode(containerId) + "&repo=" + encode(repo) + "&tag=" + encode(tag)
        + "&changes=" + encode("LABEL condo.test.tag=" + tag));
  }

  /** Whether Docker has the image (by name or id). */
  public boolean imageExists(String image) {
    try (Response response = http.execute(Request.builder().method(Request.Method.GET)
        .path("/images/" + encode(image) + "/json").build())) {
      return response.getStatusCode() == 200;
    }
  }

  public void removeImage(String image) {
    try (Response ignored = http.execute(Request.builder().method(Request.Method.DELETE)
        .path("/images/" + encode(image) + "?force=true").build())) {
      // gone either way
    }
  }

  /** {@code docker stop}: an operator stopping the container by hand (SIGTERM, SIGKILL after t s). */
  public void stop(String id, int timeoutSeconds) {
    call("POST", "/containers/" + id + "/stop?t=" + timeoutSeconds);
  }

  /** SIGKILL to the container's main process, as an OOM kill or a crash would end it. */
  public void kill(String id) {
    call("POST", "/containers/" + id + "/kill");
  }

  /** Stops the container as a deploy would (SIGTERM, then SIGKILL after the timeout) and removes it. */
  public void stopAndRemove(String id, int timeoutSeconds) {
    try (Response ignored = http.execute(Request.builder().method(Request.Method.POST)
        .path("/containers/" + id + "/stop?t=" + timeoutSeconds).build())) {
      // stopped, or already not running
    }
    removeForce(id);
  }

  public void removeForce(String id) {
    try (Response ignored = http.execute(Request.builder().method(Request.Method.DELETE)
        .path("/containers/" + id + "?force=true&v=true").build())) {
      // gone either way
    }
  }

  public static long nowNanos() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  private String call(String method, String path) {
    try (Response response = http.execute(Request.builder().method(method).path(path).build())) {
      String body = new String(response.getBody().readAllBytes(), StandardCharsets.UTF_8);
      if (response.getStatusCode() >= 300) {
        throw new IllegalStateException(method + " " + path + " → " + response.getStatusCode() + " " + body);
      }
      return body;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
