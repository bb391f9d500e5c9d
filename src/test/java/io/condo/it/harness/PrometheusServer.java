package io.condo.it.harness;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (Debian's package, installed by scripts/test-packages.sh) on loopback,
 * scraping one target every second; stopped on close.
 */
public final class PrometheusServer implements AutoCloseable {

  private final Process process;
  private final int port;
  private final Path log;

  private PrometheusServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  public static PrometheusServer scraping(Path dir, String target) throws IOException {
    Files.createDirectories(dir);
    Path config = Files.writeString(dir.resolve("prometheus.yml"), "global: {scrape_interval: 1s, evaluation_interval: 1s}\n"
        + "scrape_configs:\n  - job_name: condo\n    static_configs:\n      - targets: ['" + target + "']\n");
    int port = CondoProcess.freePort();
    Path log = dir.resolve("prometheus.log");
    Process process = new ProcessBuilder("prometheus", "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    PrometheusServer server = new PrometheusServer(process, port, log);
    Await.until("Prometheus to be ready (log " + log + ")", Duration.ofSeconds(60), () -> {
      try {
        return TestHttp.get("http://127.0.0.1:" + port + "/-/ready").statusCode() == 200;
      } catch (IllegalStateException notYet) {
        return false;
      }
    });
    return server;
  }

  /** The instant vector a PromQL query answers, as Prometheus's API gives it. */
  public JsonArray query(String promql) {
    String url = "http://127.0.0.1:" + port + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8);
    JsonObject answer = new JsonObject(TestHttp.get(url).body());
    return answer.getJsonObject("data").getJsonArray("result");
  }

  /** The value of the query's only series, or null when there is none. */
  public Double value(String promql) {
    JsonArray result = query(promql);
    return result.size() == 1 ? Double.valueOf(result.getJsonObject(0).getJsonArray("value").getString(1)) : null;
  }

  /** {@code promtool check metrics} on a scrape: its problems, or empty when clean. */
  public static List<String> lint(String scrape) throws IOException, InterruptedException {
    Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
    promtool.getOutputStream().write(scrape.getBytes(StandardCharsets.UTF_8));
    promtool.getOutputStream().close();
    String said = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = promtool.waitFor();
    return exit == 0 ? List.of() : List.of(("exit " + exit + ": " + said).split("\n"));
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
