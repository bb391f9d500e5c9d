package io.condo.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient.Request;
import com.github.dockerjava.transport.DockerHttpClient.Response;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import com.github.dockerjava.zerodep.shaded.org.apache.hc.core5.http.NoHttpResponseException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The way to the Docker engine: docker-java's raw HTTP client, one connection pool per response
 * timeout, the API version every path carries, Docker's errors in its own words, and a request
 * met by a stale pooled connection (the engine restarted) sent once more on a new pool.
 */
final class EngineTransport implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EngineTransport.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private final DockerClientConfig config;
  private final DockerApi.CallObserver observer;
  private final Map<Duration, DockerHttpClient> clients = new ConcurrentHashMap<>();
  private volatile ApiVersion version;

  EngineTransport(DockerClientConfig config, DockerApi.CallObserver observer) {
    this.config = config;
    this.observer = observer;
  }

  URI host() {
    return config.getDockerHost();
  }

  /** Asks {@code GET /version} (unversioned) and settles the API version for every later call. */
  ApiVersion negotiate() {
    JsonNode info = parse(call(Request.Method.GET, "/version", null, CALL_TIMEOUT, 200));
    ApiVersion serverMax = ApiVersion.parse(info.path("ApiVersion").asText());
    String min = info.path("MinAPIVersion").asText("");
    version = ApiVersion.negotiate(serverMax, min.isEmpty() ? null : ApiVersion.parse(min));
    LOG.info("Docker {} at {} (API {}), using API {}", info.path("Version").asText(), host(), serverMax, version);
    return version;
  }

  ApiVersion version() {
    return version;
  }

  String versioned(String path) {
    ApiVersion v = version;
    if (v == null) {
      throw new IllegalStateException("Docker API version not negotiated yet");
    }
    return "/v" + v + path;
  }

  /** The answer's body when its status is one of {@code okStatuses}; else Docker's error. */
  String call(Request.Method method, String path, byte[] body, Duration timeout, int... okStatuses) {
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

  /** The open response; the caller closes it. Told to the observer as one call. */
  Response execute(Request.Method method, String path, byte[] body, Duration timeout) {
    return execute(method, path, body, Map.of(), timeout);
  }

  /** With extra headers, such as a pull's {@code X-Registry-Auth}; they are never logged. */
  Response execute(Request.Method method, String path, byte[] body, Map<String, String> headers, Duration timeout) {
    String operation = DockerOperation.of(method.name(), path);
    long start = System.nanoTime();
    try {
      Response response = send(method, path, body, headers, timeout);
      observer.called(operation, System.nanoTime() - start,
          DockerOperation.isFailure(operation, response.getStatusCode()));
      return response;
    } catch (RuntimeException e) {
      observer.called(operation, System.nanoTime() - start, true);
      throw e;
    }
  }

  private Response send(Request.Method method, String path, byte[] body, Map<String, String> headers,
                        Duration timeout) {
    Request.Builder request = Request.builder().method(method).path(path);
    headers.forEach(request::putHeader);
    if (body != null) {
      request.putHeader("Content-Type", "application/json").bodyBytes(body);
    }
    DockerHttpClient client = client(timeout);
    try {
      return client.execute(request.build());
    } catch (RuntimeException e) {
      if (wentStale(e, path)) {
        // The pool's kept-alive connections lead to an engine that has since restarted: the
        // request never reached the new one. A new pool, and the request once more.
        clients.remove(timeout, client);
        try {
          return client(timeout).execute(request.build());
        } catch (RuntimeException again) {
          e = again;
        }
      }
      throw new DockerException("Docker at " + host() + " did not answer " + method + " " + path + ": "
          + rootMessage(e), e);
    }
  }

  /**
   * Whether the failure is a kept-alive connection the engine closed (it restarted), told by the
   * exception's type: the connection broke under the request (reset, broken pipe: it cannot have
   * been received), or the engine closed it without a word (it may have been received, so not
   * for a create). An engine that refuses connections is away, not stale.
   */
  static boolean wentStale(Throwable e, String path) {
    boolean noAnswer = false;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof ConnectException) {
        return false;
      }
      if (t instanceof NoHttpResponseException) {
        noAnswer = true;
      } else if (t instanceof SocketException) {
        return true;
      }
    }
    return noAnswer && !path.contains("/containers/create");
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

  static DockerException error(Response response) {
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

  static String readAll(InputStream body) {
    try {
      return body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new DockerException("reading Docker's answer failed: " + rootMessage(e), e);
    }
  }

  static void readLines(InputStream body, Consumer<String> onLine) {
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

  static byte[] write(JsonNode body) {
    try {
      return JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String json(Object value) {
    return JSON.valueToTree(value).toString();
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
  }
}
