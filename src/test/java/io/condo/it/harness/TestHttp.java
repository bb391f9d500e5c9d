package io.condo.it.harness;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The tests' HTTP client: plain requests to Condo's API with a timeout. */
public final class TestHttp {

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
  private static final Duration EXCHANGE = Duration.ofSeconds(30);
  private static final Duration LONG_POLL = Duration.ofMinutes(3);

  private TestHttp() {
  }

  /**
   * The whole exchange, body included, within 30 s. The request's own timeout ends once the headers
   * are in: an answer that streams without end (an event stream where a 503 was expected) would
   * otherwise hold the test forever.
   */
  public static HttpResponse<String> send(String method, String url) {
    CompletableFuture<HttpResponse<String>> answer =
        HTTP.sendAsync(request(method, url, EXCHANGE), HttpResponse.BodyHandlers.ofString());
    try {
      return answer.get(EXCHANGE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(method + " " + url + ": " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      answer.cancel(true);
      throw new IllegalStateException(method + " " + url + ": no whole answer within " + EXCHANGE.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static HttpResponse<String> get(String url) {
    return send("GET", url);
  }

  /** A GET answered later (long polls such as wait_for). */
  public static CompletableFuture<HttpResponse<String>> getAsync(String url) {
    return HTTP.sendAsync(request("GET", url, LONG_POLL), HttpResponse.BodyHandlers.ofString())
        .orTimeout(LONG_POLL.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static HttpRequest request(String method, String url, Duration timeout) {
    return HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody())
        .timeout(timeout).build();
  }
}
