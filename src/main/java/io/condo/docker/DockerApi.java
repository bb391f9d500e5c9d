package io.condo.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient.Request;
import com.github.dockerjava.transport.DockerHttpClient.Response;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.condo.fsm.Health;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Docker Engine API over docker-java's raw HTTP client, so that a user's create body reaches
 * Docker byte for byte as data. Blocking; every call has a timeout. The endpoint comes from
 * {@code DOCKER_HOST} (unix or tcp, TLS with {@code DOCKER_CERT_PATH}) like every Docker tool.
 */
public final class DockerApi implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DockerApi.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
  /** A pull that sends no progress for this long has stalled. */
  static final Duration PULL_SILENCE_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** How long an image seen locally is taken to be there without asking again. */
  static final long IMAGE_PRESENT_NANOS = Duration.ofSeconds(30).toNanos();

  /** Told of every Engine API call: its operation, how long it took, whether it failed. */
  public interface CallObserver {
    void called(String operation, long nanos, boolean failed);
  }

  private final DockerClientConfig config;
  private final CallObserver observer;
  private final Map<Duration, DockerHttpClient> clients = new ConcurrentHashMap<>();
  private final Map<String, Long> imagePresentUntil = new ConcurrentHashMap<>();
  private volatile ApiVersion version;

  public DockerApi(DockerClientConfig config) {
    this(config, (operation, nanos, failed) -> { });
  }

  public DockerApi(DockerClientConfig config, CallObserver observer) {
    this.config = config;
    this.observer = observer;
  }

  /** The endpoint the environment names ({@code DOCKER_HOST}, else the local socket). */
  public static DockerApi fromEnvironment(CallObserver observer) {
    return new DockerApi(DefaultDockerClientConfig.createDefaultConfigBuilder().build(), observer);
  }

  public URI host() {
    return config.getDockerHost();
  }

  /** Asks {@code GET /version} (unversioned) and settles the API version for every later call. */
  public ApiVersion negotiate() {
    JsonNode info = parse(call(Request.Method.GET, "/version", null, CALL_TIMEOUT, 200));
    ApiVersion serverMax = ApiVersion.parse(info.path("ApiVersion").asText());
    String min = info.path("MinAPIVersion").asText("");
    version = ApiVersion.negotiate(serverMax, min.isEmpty() ? null : ApiVersion.parse(min));
    LOG.info("Docker {} at {} (API {}), using API {}", info.path("Version").asText(), host(),
        serverMax, version);
    return version;
  }

  public ApiVersion version() {
    return version;
  }

  // --- images ------------------------------------------------------------------------------------

  /**
   * Makes the image available: pulled when missing locally or when its tag floats
   * ({@code latest}); a failed pull of an image that is present is only a warning.
   */
  public void ensureImage(String reference) {
    ImageRef image = ImageRef.parse(reference);
    if (!image.isFloating() && imagePresentUntil.getOrDefault(image.localName(), 0L) - System.nanoTime() > 0) {
      return; // seen moments ago: many services of one image start without asking again
    }
    boolean present = imageExists(image.localName());
    if (present && !image.isFloating()) {
      imagePresentUntil.put(image.localName(), System.nanoTime() + IMAGE_PRESENT_NANOS);
      return;
    }
    try {
      pull(image);
    } catch (DockerException e) {
      if (!present) {
        throw e;
      }
      LOG.warn("pull of {} failed, using the local image: {}", reference, e.getMessage());
    }
  }

  boolean imageExists(String name) {
    try (Response response = execute(Request.Method.GET, versioned("/images/" + name + "/json"), null,
        CALL_TIMEOUT)) {
      return response.getStatusCode() == 200;
    }
  }

  private void pull(ImageRef image) {
    StringBuilder query = new StringBuilder("/images/create?fromImage=").append(encode(image.repository()));
    if (image.digest() != null) {
      query.setLength(0);
      query.append("/images/create?fromImage=").append(encode(image.localName()));
    } else {
      query.append("&tag=").append(encode(image.tag()));
    }
    LOG.info("pulling {}", image.localName());
    PullProgress progress = new PullProgress(image.localName());
    try (Response response = execute(Request.Method.POST, versioned(query.toString()), null,
        PULL_SILENCE_TIMEOUT)) {
      if (response.getStatusCode() != 200) {
        throw error(response);
      }
      readLines(response.getBody(), progress);
    }
    if (progress.error() != null) {
      throw new DockerException(500, progress.error());
    }
    LOG.info("pulled {}", image.localName());
  }

  // --- containers --------------------------------------------------------------------------------

  /** {@code POST /containers/create} with the body as given; returns the new container's id. */
  public String create(String name, ObjectNode body) {
    byte[] bytes = write(body);
    JsonNode created = parse(call(Request.Method.POST,
        versioned("/containers/create?name=" + encode(name)), bytes, CALL_TIMEOUT, 201));
    return created.path("Id").asText();
  }

  public void start(String id) {
    call(Request.Method.POST, versioned("/containers/" + encode(id) + "/start"), null, CALL_TIMEOUT,
        204, 304);
  }

  /**
   * Graceful stop (SIGTERM, SIGKILL after the timeout), then removal with anonymous volumes. Only
   * ever by id: a name may belong to a container Condo does not own.
   */
  public void stopAndRemove(String id, int stopTimeoutSeconds) {
    Duration stopBudget = CALL_TIMEOUT.plusSeconds(stopTimeoutSeconds);
    call(Request.Method.POST, versioned("/containers/" + encode(id) + "/stop?t=" + stopTimeoutSeconds),
        null, stopBudget, 204, 304, 404);
    call(Request.Method.DELETE, versioned("/containers/" + encode(id) + "?force=true&v=true"), null,
        CALL_TIMEOUT, 204, 404, 409);
  }

  /** One label of a container (by id or name), or null when it has none or does not exist. A read only. */
  public String label(String ref, String label) {
    try (Response response = execute(Request.Method.GET, versioned("/containers/" + encode(ref) + "/json"),
        null, CALL_TIMEOUT)) {
      if (response.getStatusCode() == 404) {
        return null;
      }
      if (response.getStatusCode() != 200) {
        throw error(response);
      }
      return parse(readAll(response.getBody())).path("Config").path("Labels").path(label).asText(null);
    }
  }

  /** The container's health as the state machine sees it; GONE when Docker does not know it. */
  public DockerReply.ContainerStatus inspect(String ref) {
    try (Response response = execute(Request.Method.GET, versioned("/containers/" + encode(ref) + "/json"),
        null, CALL_TIMEOUT)) {
      if (response.getStatusCode() == 404) {
        return new DockerReply.ContainerStatus(ref, null, null, Health.GONE, null);
      }
      if (response.getStatusCode() != 200) {
        throw error(response);
      }
      return ContainerHealth.fromInspect(parse(readAll(response.getBody())));
    }
  }

  /** Ids of every container (running or not) carrying all the label filters {@code key=value}. */
  public List<String> listByLabels(String... labelFilters) {
    String filters = "{\"label\":" + JSON.valueToTree(labelFilters) + "}";
    JsonNode list = parse(call(Request.Method.GET,
        versioned("/containers/json?all=1&filters=" + encode(filters)), null, CALL_TIMEOUT, 200));
    List<String> ids = new ArrayList<>();
    list.forEach(container -> ids.add(container.path("Id").asText()));
    return ids;
  }

  /**
   * Streams container events carrying the label filter until the stream ends or fails; each
   * event goes to the consumer as parsed JSON.
   */
  public void streamEvents(String labelFilter, Runnable connected, Consumer<JsonNode> onEvent) {
    // Only lifecycle events: health probes run as execs and would otherwise flood the stream with
    // exec_* events. Docker matches "health_status" as a prefix of "health_status: healthy".
    String filters = "{\"type\":[\"container\"],\"label\":[" + JSON.valueToTree(labelFilter) + "],"
        + "\"event\":[\"start\",\"die\",\"destroy\",\"health_status\"]}";
    try (Response response = execute(Request.Method.GET,
        versioned("/events?filters=" + encode(filters)), null, Duration.ZERO)) {
      if (response.getStatusCode() != 200) {
        throw error(response);
      }
      connected.run();
      readLines(response.getBody(), line -> onEvent.accept(parse(line)));
    }
  }

  @Override
  public void close() {
    for (DockerHttpClient client : clients.values()) {
      try {
        client.close();
      } catch (IOException e) {
        LOG.debug("closing a Docker client", e);
      }
    }
  }

  // --- plumbing ----------------------------------------------------------------------------------

  private String versioned(String path) {
    ApiVersion v = version;
    if (v == null) {
      throw new IllegalStateException("Docker API version not negotiated yet");
    }
    return "/v" + v + path;
  }

  private String call(Request.Method method, String path, byte[] body, Duration timeout,
                      int... okStatuses) {
    try (Response response = execute(method, path, body, timeout)) {
      int status = response.getStatusCode();
      for (int ok : okStatuses) {
        if (status == ok) {
          return readAll(response.getBody());
        }
      }
      throw error(response);
    }
  }

  private Response execute(Request.Method method, String path, byte[] body, Duration timeout) {
    String operation = DockerOperation.of(method.name(), path);
    long start = System.nanoTime();
    try {
      Response response = send(method, path, body, timeout);
      observer.called(operation, System.nanoTime() - start, DockerOperation.isFailure(operation,
          response.getStatusCode()));
      return response;
    } catch (RuntimeException e) {
      observer.called(operation, System.nanoTime() - start, true);
      throw e;
    }
  }

  private Response send(Request.Method method, String path, byte[] body, Duration timeout) {
    Request.Builder request = Request.builder().method(method).path(path);
    if (body != null) {
      request.putHeader("Content-Type", "application/json").bodyBytes(body);
    }
    DockerHttpClient client = client(timeout);
    try {
      return client.execute(request.build());
    } catch (RuntimeException e) {
      if (wentStale(e, path)) {
        // The pool's kept-alive connections lead to a dockerd that has since restarted: the
        // request never reached the new one. A new pool, and the request once more.
        clients.remove(timeout, client);
        try {
          return client(timeout).execute(request.build());
        } catch (RuntimeException again) {
          e = again;
        }
      }
      throw new DockerException("Docker at " + host() + " did not answer " + method + " "
          + path + ": " + rootMessage(e), e);
    }
  }

  /**
   * Whether the failure is a kept-alive connection the engine closed (it restarted): a write that
   * broke, or no answer at all on a reused connection. A create is sent again only in the first
   * case, where it cannot have been received.
   */
  static boolean wentStale(Throwable e, String path) {
    String root = rootMessage(e);
    boolean brokenWrite = root.contains("Broken pipe") || root.contains("Connection reset");
    boolean noAnswer = root.contains("failed to respond");
    return brokenWrite || noAnswer && !path.contains("/containers/create");
  }

  /** One client per timeout: Apache's response timeout is per client, not per request. */
  private DockerHttpClient client(Duration responseTimeout) {
    return clients.computeIfAbsent(responseTimeout, timeout -> new ZerodepDockerHttpClient.Builder()
        .dockerHost(config.getDockerHost())
        .sslConfig(config.getSSLConfig())
        .connectionTimeout(CONNECT_TIMEOUT)
        .responseTimeout(timeout.isZero() ? null : timeout)
        .build());
  }

  private static DockerException error(Response response) {
    String body = readAll(response.getBody());
    String message = body;
    try {
      JsonNode json = JSON.readTree(body);
      if (json != null && json.hasNonNull("message")) {
        message = json.get("message").asText();
      }
    } catch (IOException notJson) {
      // keep the raw body
    }
    return new DockerException(response.getStatusCode(), message.trim());
  }

  private static String readAll(InputStream body) {
    try {
      return body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new DockerException("reading Docker's answer failed: " + e.getMessage(), e);
    }
  }

  private static void readLines(InputStream body, Consumer<String> onLine) {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (!line.isBlank()) {
          onLine.accept(line);
        }
      }
    } catch (IOException | UncheckedIOException e) {
      throw new DockerException("Docker stream broke: " + rootMessage(e), e);
    }
  }

  static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new DockerException(500, "Docker sent something that is not JSON: " + text);
    }
  }

  private static byte[] write(JsonNode body) {
    try {
      return JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
  }
}
