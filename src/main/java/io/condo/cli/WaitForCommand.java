package io.condo.cli;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code condo wait-for}: for CI, exit 0 once the version is Stable on every instance, else 1. */
@Command(name = "wait-for", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Waits until a service is Stable on every live instance of the fleet (on the image,",
        "if given). Prints one line per instance; exits 0 when done, 1 on timeout or error."})
final class WaitForCommand implements Callable<Integer> {

  @Option(names = "--url", paramLabel = "URL", defaultValue = "${env:CONDO_URL:-http://127.0.0.1:80}",
      description = "Any Condo of the fleet (env CONDO_URL; default ${DEFAULT-VALUE}).")
  String url;

  @Option(names = "--name", required = true, paramLabel = "SERVICE", description = "The service.")
  String name;

  @Option(names = "--image", paramLabel = "IMAGE", description = "The image it must run.")
  String image;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s",
      description = "How long to wait: seconds, or like 90s, 2m (default ${DEFAULT-VALUE}).")
  String timeout;

  @Override
  public Integer call() throws Exception {
    Duration wait = io.condo.fleet.WaitFor.parseTimeout(timeout);
    if (wait == null) {
      System.err.println("condo wait-for: --timeout '" + timeout + "' is not a duration (like 90s, 2m)");
      return 2;
    }
    StringBuilder query = new StringBuilder("/v1/wait_for?name=").append(encode(name))
        .append("&timeout=").append(encode(timeout));
    if (image != null) {
      query.append("&image=").append(encode(image));
    }
    HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
        .send(HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + query))
            .timeout(wait.plusSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    JsonObject body;
    try {
      body = new JsonObject(response.body());
    } catch (RuntimeException e) {
      System.err.println("condo wait-for: " + url + " answered " + response.statusCode() + ": " + response.body());
      return 1;
    }
    if (body.containsKey("error")) {
      System.err.println("condo wait-for: " + body.getString("error"));
      return 1;
    }
    body.getJsonArray("instances").forEach(item -> {
      JsonObject i = (JsonObject) item;
      String line = i.getString("host") + " " + i.getString("instance") + " " + i.getString("state") + " "
          + i.getString("image");
      System.out.println(i.containsKey("waiting_for") ? line + " — waiting for: " + i.getString("waiting_for") : line);
    });
    String status = body.getString("status");
    System.out.println(status + (body.containsKey("message") ? ": " + body.getString("message") : ""));
    return response.statusCode() == 200 && "ok".equals(status) ? 0 : 1;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
