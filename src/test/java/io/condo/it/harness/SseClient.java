package io.condo.it.harness;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A reader of {@code /v1/events} as {@code curl -N} would be: Server-Sent Events parsed into
 * events (comments such as heartbeats included), or NDJSON lines, as they arrive.
 */
public final class SseClient implements AutoCloseable {

  /** One event: {@code type} is the SSE event name, "comment" for a comment line, "line" for NDJSON. */
  public record Event(String type, String id, JsonObject data, String text) {
  }

  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final StringBuffer received = new StringBuffer();
  /** Held for the stream's life: a client nobody refers to may be collected, and its connections with it. */
  private final HttpClient client;
  private final HttpResponse<Stream<String>> response;
  private final Thread reader;

  private SseClient(HttpClient client, HttpResponse<Stream<String>> response, boolean ndjson) {
    this.client = client;
    this.response = response;
    this.reader = new Thread(() -> read(response.body(), ndjson), "sse-client");
    reader.setDaemon(true);
    reader.start();
  }

  public static SseClient open(String url, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
    headers.forEach(request::header);
    HttpClient client = HttpClient.newHttpClient();
    HttpResponse<Stream<String>> response = client
        .sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines()).get(20, TimeUnit.SECONDS);
    return new SseClient(client, response, "application/x-ndjson".equals(headers.get("Accept")));
  }

  public HttpResponse<Stream<String>> response() {
    return response;
  }

  private void read(Stream<String> lines, boolean ndjson) {
    String[] type = {"message"};
    String[] id = {null};
    StringBuilder data = new StringBuilder();
    try {
      lines.forEach(line -> {
        received.append(line).append('\n');
        if (ndjson) {
          events.add(line.isEmpty() ? new Event("heartbeat", null, null, line)
              : new Event("line", null, new JsonObject(line), line));
        } else if (line.isEmpty()) {
          if (data.length() > 0) {
            events.add(new Event(type[0], id[0], new JsonObject(data.toString()), data.toString()));
          }
          type[0] = "message";
          id[0] = null;
          data.setLength(0);
        } else if (line.startsWith(":")) {
          events.add(new Event("comment", null, null, line));
        } else if (line.startsWith("event: ")) {
          type[0] = line.substring(7);
        } else if (line.startsWith("id: ")) {
          id[0] = line.substring(4);
        } else if (line.startsWith("data: ")) {
          data.append(line.substring(6));
        }
      });
    } catch (RuntimeException closed) {
      // the stream ended or was closed by the test
    }
  }

  /** Every line received so far, whether or not a test has taken its event. */
  public String received() {
    return received.toString();
  }

  /** The next event of the type, skipping others; fails after the timeout. */
  public Event next(String type, Duration timeout) throws InterruptedException {
    return next(e -> e.type().equals(type), "a " + type + " event", timeout);
  }

  public Event next(Predicate<Event> wanted, String what, Duration timeout) throws InterruptedException {
    return Await.next(events, wanted, what, timeout);
  }

  @Override
  public void close() {
    CompletableFuture.runAsync(() -> response.body().close());
    reader.interrupt();
  }
}
