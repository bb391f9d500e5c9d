package io.condo.it.bench;

import io.condo.it.harness.Await;
import io.condo.it.harness.CondoProcess;
import io.condo.it.harness.Lab;
import io.condo.it.harness.ProcessFleet;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The {@code fleet-scale} case of {@code bench/run}: real Condo processes on loopback, clustered
 * with a secret (mutual TLS on the event bus), 12 services each, measured from outside. Idle bytes
 * sent per host come from the kernel's socket counters, CPU from {@code /proc}; a transition's
 * arrival is read on every instance's {@code /v1/events}; after one host is frozen past failure
 * detection (and another briefly) while others change, the time until every view agrees again.
 */
public final class FleetScaleBenchmark {

  static final int SERVICES = 12;
  private static final long TICKS_PER_SECOND = 100;

  private final Lab lab;
  private final BenchReport report;

  public FleetScaleBenchmark(Lab lab, BenchReport report) {
    this.lab = lab;
    this.report = report;
  }

  static String spec(String image, int version) {
    return Benchmarks.spec(image, version, "[:After 0]");
  }

  /**
   * With {@code -Dbench.beforeJar=<an older condo.jar>}, the same case runs first on that jar,
   * its rows marked "before", so the two are compared in one run on one machine.
   */
  public void run(int hosts, Duration idle, int transitions) throws Exception {
    String before = System.getProperty("bench.beforeJar");
    if (before != null) {
      String current = System.getProperty("condo.jar", "target/condo.jar");
      System.setProperty("condo.jar", before);
      label = "before: ";
      try {
        runOnce(hosts, idle, transitions);
      } finally {
        System.setProperty("condo.jar", current);
        label = "";
        lab.discardAll();
      }
    }
    runOnce(hosts, idle, transitions);
  }

  private String label = "";

  private void runOnce(int hosts, Duration idle, int transitions) throws Exception {
    ProcessFleet fleet = ProcessFleet.start(lab, hosts, SERVICES, (service, v) -> spec(Benchmarks.IMAGE, v));
    fleet.awaitAllStable(Duration.ofMinutes(4));
    // Long enough for the start's compilations to drain on a loaded machine: idle is what follows.
    Await.holdsFor("the fleet to settle after its start", Duration.ofSeconds(30), () -> true);
    idle(fleet, idle);
    changes(fleet, transitions);
    freeze(fleet);
  }

  private void idle(ProcessFleet fleet, Duration window) throws Exception {
    long[] bytesBefore = fleet.bytesSent();
    long[] cpuBefore = fleet.cpuTicks();
    Map<String, Long> threadsBefore = ThreadTicks.of(fleet.condo(0).pid());
    long start = System.nanoTime();
    Await.holdsFor("the fleet to idle while it is measured", window, () -> true);
    ThreadTicks.print("host-0 idle, CPU ticks by thread", threadsBefore, ThreadTicks.of(fleet.condo(0).pid()));
    long[] bytesAfter = fleet.bytesSent();
    long[] cpuAfter = fleet.cpuTicks();
    double seconds = (System.nanoTime() - start) / 1e9;
    double[] bytesPerSecond = new double[fleet.size()];
    double[] cpu = new double[fleet.size()];
    for (int h = 0; h < fleet.size(); h++) {
      bytesPerSecond[h] = (bytesAfter[h] - bytesBefore[h]) / seconds;
      cpu[h] = 100.0 * (cpuAfter[h] - cpuBefore[h]) / TICKS_PER_SECOND / seconds;
    }
    double bytesMedian = median(bytesPerSecond);
    double cpuMedian = median(cpu);
    String n = fleet.size() + " hosts × " + SERVICES;
    report.row("fleet-scale", label + n + ", idle " + window.toSeconds() + " s: bytes sent per host per s (ss), median (max)",
        String.format(Locale.ROOT, "%.0f B/s (%.0f)", bytesMedian, max(bytesPerSecond)), "", "", "", "≤ 1024 B/s",
        bytesMedian <= 1024);
    report.row("fleet-scale", label + n + ", idle: CPU per host, median (max)",
        String.format(Locale.ROOT, "%.2f %% (%.2f %%)", cpuMedian, max(cpu)), "", "", "", "≤ 1 %", cpuMedian <= 1);
    idleBytesPerSecond = Arrays.stream(bytesPerSecond).sum();
  }

  private double idleBytesPerSecond;

  /** Redeploys services round the hosts, one at a time; bytes per transition per peer, and propagation. */
  private void changes(ProcessFleet fleet, int redeploys) throws Exception {
    Map<String, long[]> seen = new ConcurrentHashMap<>();
    List<Thread> readers = new ArrayList<>();
    for (int h = 0; h < fleet.size(); h++) {
      readers.add(record(fleet.condo(h), h, fleet.size(), seen));
    }
    long[] bytesBefore = fleet.bytesSent();
    long start = System.nanoTime();
    int version = 1;
    for (int r = 0; r < redeploys; r++) {
      int host = r % fleet.size();
      int service = r % SERVICES;
      CondoProcess condo = fleet.condo(host);
      String before = condo.service(ProcessFleet.service(service)).getJsonObject("current").getString("id");
      fleet.write(host, service, spec(Benchmarks.IMAGE, version++));
      condo.awaitService(ProcessFleet.service(service), "redeployed", Duration.ofSeconds(60),
          s -> "Stable".equals(s.getString("state")) && !before.equals(s.getJsonObject("current").getString("id")));
    }
    Await.until("every transition on every instance's stream", Duration.ofSeconds(30),
        () -> seen.values().stream().allMatch(t -> Arrays.stream(t).allMatch(v -> v != 0)));
    long[] bytesAfter = fleet.bytesSent();
    double seconds = (System.nanoTime() - start) / 1e9;
    readers.forEach(Thread::interrupt);
    long sent = 0;
    for (int h = 0; h < fleet.size(); h++) {
      sent += bytesAfter[h] - bytesBefore[h];
    }
    double perTransitionPerPeer = (sent - idleBytesPerSecond * seconds) / seen.size() / (fleet.size() - 1);
    report.row("fleet-scale", label + seen.size() + " transitions: bytes sent per transition per peer (ss, idle taken out)",
        String.format(Locale.ROOT, "%.0f B", perTransitionPerPeer), "", "", "", "≤ 1024 B", perTransitionPerPeer <= 1024);
    List<Long> latencies = new ArrayList<>();
    int missing = 0;
    for (long[] arrivals : seen.values()) {
      long first = Arrays.stream(arrivals).filter(v -> v != 0).min().orElse(0);
      for (long arrival : arrivals) {
        if (arrival == 0) {
          missing++;
        } else if (arrival != first) {
          latencies.add(arrival - first);
        }
      }
    }
    latencies.sort(null);
    double p50 = Benchmarks.percentile(latencies, 50) / 1e6;
    double p99 = Benchmarks.percentile(latencies, 99) / 1e6;
    report.row("fleet-scale", label + seen.size() + " transitions → every instance's /v1/events, p50 / p99, missing",
        String.format(Locale.ROOT, "%.1f / %.1f ms, %d", p50, p99, missing), "", "", "", "p99 ≤ 100 ms, 0 missing",
        p99 <= 100 && missing == 0);
  }

  /** Reads the instance's event stream, noting when each transition arrived (first on its origin's stream). */
  private static Thread record(CondoProcess condo, int host, int hosts, Map<String, long[]> seen) throws Exception {
    HttpResponse<java.util.stream.Stream<String>> response = HttpClient.newHttpClient().sendAsync(
        HttpRequest.newBuilder(URI.create(condo.url() + "/v1/events")).header("Accept", "application/x-ndjson").build(),
        HttpResponse.BodyHandlers.ofLines()).get(20, TimeUnit.SECONDS);
    Thread reader = new Thread(() -> {
      try {
        response.body().forEach(line -> {
          long at = System.nanoTime();
          if (!line.isBlank()) {
            Object id = new JsonObject(line).getValue("id");
            if (id instanceof String transition) {
              seen.computeIfAbsent(transition, t -> new long[hosts])[host] = at;
            }
          }
        });
      } catch (RuntimeException closed) {
        // the benchmark is over
      }
    }, "events-" + host);
    reader.setDaemon(true);
    reader.start();
    return reader;
  }

  /**
   * The last host frozen with SIGSTOP for 20 s (past failure detection), the one before it for 2 s,
   * while two others redeploy a service each; then the time from the thaw until every view agrees.
   */
  private void freeze(ProcessFleet fleet) throws Exception {
    int long_ = fleet.size() - 1;
    int brief = fleet.size() - 2;
    fleet.freeze(long_);
    Await.holdsFor("a host frozen past failure detection", Duration.ofSeconds(2), () -> true);
    fleet.freeze(brief);
    fleet.write(0, 0, spec(Benchmarks.IMAGE_2, 100));
    Await.holdsFor("a second host frozen briefly", Duration.ofSeconds(2), () -> true);
    fleet.thaw(brief);
    fleet.write(1, 1, spec(Benchmarks.IMAGE_2, 101));
    Await.holdsFor("the first host still frozen", Duration.ofSeconds(16), () -> true);
    fleet.thaw(long_);
    long thawed = System.nanoTime();
    double took;
    try {
      Await.until("every view to agree after the thaw", Duration.ofSeconds(90), fleet::viewsAgree);
      took = (System.nanoTime() - thawed) / 1e9;
    } catch (AssertionError e) {
      took = Double.POSITIVE_INFINITY;
    }
    report.row("fleet-scale", label + "one host frozen 20 s, another 2 s, others changing: thaw → every view agrees",
        Double.isInfinite(took) ? "not within 90 s" : String.format(Locale.ROOT, "%.1f s", took), "", "", "",
        "≤ 10 s", took <= 10);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static double max(double[] values) {
    return Arrays.stream(values).max().orElse(0);
  }
}
