package io.condo.it;

import io.condo.it.harness.Await;
import io.condo.it.harness.CondoTestBase;
import io.condo.it.harness.PrometheusServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.condo.fsm.Snapshot;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code /metrics}: lint-clean for Prometheus, and read back through a real Prometheus server. */
class MetricsIT extends CondoTestBase {

  static final Duration T = Duration.ofSeconds(60);

  @Test
  void aRealPrometheusScrapesCondoAndTheScrapeIsLintClean() throws Exception {
    Deployed d = deployGood1("web");
    writeSpec(d.specs(), d.service(), spec(GOOD_2, "[:After 0]"));
    d.condo().awaitStableOn(d.service(), GOOD_2, T);
    String broken = unique("broken");
    Files.writeString(d.specs().resolve(broken + ".edn"), "{:spec {:Image 42}}");
    String missing = unique("missing");
    writeSpec(d.specs(), missing, spec("condo-test/good:no-such-tag", "[:Before]"));
    d.condo().awaitService(missing, "its pull failed", T, s -> "TryAgain".equals(s.getString("state")));
    d.condo().awaitService(broken, "its file reported", T, s -> s.getString("error") != null);

    // A connection Vert.x accepted while its server metrics were being made is never counted
    // (GuardedHttpServerMetrics), and the shared client may still hold one from start-up polling:
    // one request on a connection of its own is what this scrape must count.
    java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create(d.condo().url() + "/v1/state")).build(), HttpResponse.BodyHandlers.discarding());
    HttpResponse<String> response = d.condo().get("/metrics");
    assertEquals(200, response.statusCode());
    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
    String scrape = response.body();
    assertEquals(List.of(), PrometheusServer.lint(scrape), "promtool check metrics");
    for (String state : Snapshot.NAMES) {
      assertTrue(scrape.contains("condo_services{state=\"" + state + "\"}"), "every state, 0 included: " + state);
    }
    for (String series : List.of("condo_transitions_total{from=\"Stable\",to=\"WaitNext\"} 1.0",
        "condo_deploy_duration_seconds_bucket{strategy=\"after\",le=\"+Inf\"} 1",
        "condo_deploy_duration_seconds_bucket{strategy=\"before\",le=\"+Inf\"} 1",
        "condo_docker_request_duration_seconds_bucket{operation=\"create\",le=\"+Inf\"}",
        "condo_docker_errors_total{operation=\"pull\"}", "condo_spec_file_errors 1.0", "condo_cluster_members 1.0",
        "condo_build_info{version=\"", "jvm_memory_used_bytes{", "process_uptime_seconds ",
        "vertx_http_server_requests_total{")) {
      assertTrue(scrape.contains(series), series + " in:\n" + scrape);
    }
    assertFalse(scrape.contains("condo_docker_errors_total{operation=\"pull\"} 0.0"), "the failed pull is counted");
    String container = id(d.condo().service(d.service()), "current");
    assertFalse(scrape.contains(container.substring(0, 12)), "no container id in any label");
    assertFalse(scrape.contains(d.service()), "no service name either: label sets stay bounded");

    try (PrometheusServer prometheus = PrometheusServer.scraping(dir.resolve("prometheus"),
        d.condo().url().replaceFirst("^http://", ""))) {
      Double stable = Await.until("Prometheus to have scraped Condo", T,
          () -> prometheus.value("condo_services{state=\"Stable\"}"), v -> v != null);
      assertEquals(1.0, stable, "the web service, Stable, as Prometheus reads it back");
      assertEquals(1.0, prometheus.value("condo_transitions_total{from=\"WaitNext\",to=\"Stable\"}"));
      assertEquals(1.0, prometheus.value("up{job=\"condo\"}"));
    }
  }
}
