package io.condo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The container image's HEALTHCHECK: exit 0 when this host's Condo answers its state API. Needs
 * nothing in the image but Java, which the image has anyway.
 */
public final class HealthProbe {

  private HealthProbe() {
  }

  public static void main(String[] args) {
    String port = System.getenv().getOrDefault("CONDO_HTTP_PORT", "80");
    try {
      HttpResponse<Void> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/state"))
              .timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.discarding());
      System.exit(response.statusCode() == 200 ? 0 : 1);
    } catch (Exception e) {
      System.err.println("condo health probe: " + e.getMessage());
      System.exit(1);
    }
  }
}
