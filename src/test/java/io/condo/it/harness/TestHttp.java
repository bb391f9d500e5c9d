package io.condo.it.harness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** The tests' HTTP client: plain requests to Condo's API with a timeout. */
public final class TestHttp {

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

  private TestHttp() {
  }

  public static HttpResponse<String> send(String method, String url) {
    try {
      return HTTP.send(request(method, url, Duration.ofSeconds(30)), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + url + ": " + e.getMessage(), e);
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
    return HTTP.sendAsync(request("GET", url, Duration.ofMinutes(3)), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest request(String method, String url, Duration timeout) {
    return HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody())
        .timeout(timeout).build();
  }
}
