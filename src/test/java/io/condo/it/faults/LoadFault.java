package io.condo.it.faults;

import io.condo.it.bench.Benchmarks;
import io.condo.it.harness.Await;
import io.condo.it.harness.CondoProcess;
import io.condo.it.harness.Lab;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load on the HTTP API while deploys churn: 50 concurrent wait_for long-polls held for the whole
 * window plus a steady rate of requests on /v1/state (200 a second; 100 in the suite). No request may fail; every long-poll must answer
 * ok once its version lands; the state API's latency is reported.
 */
public final class LoadFault implements FaultScenario {

  private static final int LONG_POLLS = 50;
  private final int rate;

  private final Duration window;

  /** @param rate requests a second on /v1/state */
  public LoadFault(Duration window, int rate) {
    this.window = window;
    this.rate = rate;
  }

  @Override
  public String name() {
    return "load";
  }

  @Override
  public String injected() {
    return LONG_POLLS + " wait_for long-polls + " + rate + " req/s on /v1/state for " + window.toSeconds()
        + " s, during churn over 10 services";
  }

  /** What one stretch of steady requests on /v1/state saw. */
  private record Hammered(int sent, double seconds, List<Long> latencies, List<String> failures) {

    public String summary() {
      List<Long> sorted = new ArrayList<>(latencies);
      sorted.sort(null);
      return String.format(Locale.ROOT, "%d requests, %.0f/s, p50 %.1f ms, p99 %.1f ms, max %.1f ms", sent,
          sent / seconds, Benchmarks.percentile(sorted, 50) / 1e6, Benchmarks.percentile(sorted, 99) / 1e6,
          sorted.get(sorted.size() - 1) / 1e6);
    }
  }

  /**
   * The load's own client. A request must be answered within {@link #ANSWER_BUDGET}, connection
   * included: on a machine this busy (churn, and every health probe a runc exec) a connection on
   * loopback can take seconds to be accepted, which is latency (in the figures, measured from the
   * scheduled start), not a refusal. The shared client's 2 s connect timeout took it for one.
   */
  private static final Duration ANSWER_BUDGET = Duration.ofSeconds(30);
  private static final HttpClient LOAD = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(ANSWER_BUDGET).build();

  /** {@code rate} requests a second on /v1/state for the window, on a fixed schedule, each timed from its scheduled start. */
  private static Hammered hammer(CondoProcess condo, Duration window, int rate) throws Exception {
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger sent = new AtomicInteger();
    List<CompletableFuture<?>> requests = Collections.synchronizedList(new ArrayList<>());
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    long start = System.nanoTime();
    ticker.scheduleAtFixedRate(() -> {
      long t0 = System.nanoTime();
      sent.incrementAndGet();
      requests.add(LOAD.sendAsync(HttpRequest.newBuilder(URI.create(condo.url() + "/v1/state"))
          .timeout(ANSWER_BUDGET).build(), HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
        if (error != null || response.statusCode() != 200) {
          failures.add(error != null ? error.toString() : response.statusCode() + " " + response.body());
        } else {
          latencies.add(System.nanoTime() - t0);
        }
      }));
    }, 0, 1_000_000 / rate, TimeUnit.MICROSECONDS);
    Await.holdsFor("Condo to keep running under load", window, condo::isAlive);
    ticker.shutdown();
    ticker.awaitTermination(5, TimeUnit.SECONDS);
    double seconds = (System.nanoTime() - start) / 1e9;
    CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)).handle((ok, e) -> null).get(60, TimeUnit.SECONDS);
    return new Hammered(sent.get(), seconds, List.copyOf(latencies), List.copyOf(failures));
  }

  @Override
  public Ledger run(Lab lab) throws Exception {
    Ledger ledger = new Ledger(name());
    Path specs = lab.dir("load-specs");
    String target = "target";
    Files.writeString(specs.resolve(target + ".edn"), Churn.spec(Churn.GOOD_1, "[:Before]", 0));
    try (Churn churn = new Churn(specs, 10, 11)) {
      churn.writeAll();
      CondoProcess condo = lab.condo(specs).start();
      condo.awaitState(target, "Stable", Duration.ofSeconds(60));
      Hammered quiet = hammer(condo, Duration.ofSeconds(10), rate);
      churn.start();
      List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();
      for (int i = 0; i < LONG_POLLS; i++) {
        polls.add(condo.getAsync("/v1/wait_for?name=" + target + "&image=" + Churn.GOOD_2 + "&timeout=" + (window
            .toSeconds() + 60) + "s"));
        ledger.fault();
      }
      Hammered load = hammer(condo, window, rate);
      ledger.check(polls.stream().noneMatch(CompletableFuture::isDone),
          "every long-poll was still waiting when its version had not landed");
      churn.pause();
      long deployed = System.nanoTime();
      Files.writeString(specs.resolve(target + ".edn"), Churn.spec(Churn.GOOD_2, "[:Before]", 1));
      List<Long> answers = new ArrayList<>();
      for (CompletableFuture<HttpResponse<String>> poll : polls) {
        HttpResponse<String> answer = poll.get(90, TimeUnit.SECONDS);
        answers.add(System.nanoTime() - deployed);
        ledger.check(answer.statusCode() == 200 && "ok".equals(new JsonObject(answer.body()).getString("status")),
            "a long-poll answered " + answer.statusCode() + " " + answer.body());
      }
      churn.resume();
      for (Hammered h : List.of(quiet, load)) {
        ledger.checkEquals(List.of(), h.failures().stream().limit(5).toList(), "failed /v1/state requests");
        ledger.check(h.sent() >= 0.95 * rate * h.seconds(), "the load generator kept up: " + h.sent() + " requests");
      }
      ledger.note("/v1/state during churn and long-polls: " + load.summary());
      ledger.note("the first 10 s after start, before churn and long-polls (JIT warming up): " + quiet.summary());
      ledger.note(String.format(Locale.ROOT, "50 wait_for answered ≤ %.2f s after the deploy was written",
          Collections.max(answers) / 1e9));
      ledger.note(churn.edits() + " edits");
      lab.discard(condo);
    }
    return ledger;
  }
}
