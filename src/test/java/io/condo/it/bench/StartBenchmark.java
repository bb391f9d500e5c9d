package io.condo.it.bench;

import io.condo.it.harness.Await;
import io.condo.it.harness.CondoImage;
import io.condo.it.harness.CondoProcess;
import io.condo.it.harness.DockerProbe;
import io.condo.it.harness.Lab;
import io.condo.it.harness.TestHttp;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code start} and {@code self-deploy} cases of {@code bench/run}: where one start after
 * {@code kill -9} goes (Condo's own "started in" line, step by step, and from outside: the first
 * answer of the state API and all Stable), without and with the class-data archive side by side;
 * and one self-deploy turn of the project's image with its own health check, from outside.
 */
public final class StartBenchmark {

  private static final Pattern STARTED = Pattern.compile("started in (\\d+) ms: (.*)");
  private final Lab lab;
  private final BenchReport report;
  private final DockerProbe docker = DockerProbe.get();

  public StartBenchmark(Lab lab, BenchReport report) {
    this.lab = lab;
    this.report = report;
  }

  // --- start: one restart, step by step -------------------------------------------------------

  public void start(int services, int runs) throws Exception {
    Map<String, List<Double>> without = restarts(services, runs, false);
    Map<String, List<Double>> with = restarts(services, runs, true);
    for (String step : with.keySet()) {
      double before = median(without.getOrDefault(step, List.of()));
      double after = median(with.get(step));
      boolean outside = step.startsWith("→");
      String measured = services + " Stable, kill -9, median of " + runs + ": " + step
          + (outside ? String.format(Locale.ROOT, " (without the archive: %.2f s)", before / 1000)
              : String.format(Locale.ROOT, ", Condo's log (without the archive: %.0f ms)", before));
      report.row("start", measured,
          outside ? String.format(Locale.ROOT, "%.2f s", after / 1000) : String.format(Locale.ROOT, "%.0f ms", after),
          "", "", before > 0 ? String.format(Locale.ROOT, "%.2f", after / before) : "",
          step.equals("→ all Stable") ? "≤ 2 s" : "", after <= 2000);
    }
  }

  /** Per step, the milliseconds of each run; the outside measures are named "→ …". */
  private Map<String, List<Double>> restarts(int services, int runs, boolean archive) throws Exception {
    System.setProperty("condo.cds", String.valueOf(archive));
    try {
      Path specs = lab.dir("start-" + archive);
      for (int i = 0; i < services; i++) {
        Files.writeString(specs.resolve("svc" + i + ".edn"), Benchmarks.spec(Benchmarks.IMAGE, 0, "[:Before]"));
      }
      CondoProcess condo = lab.condo(specs).start();
      Await.until("all " + services + " Stable", Duration.ofMinutes(5), () -> stable(condo) == services);
      Map<String, List<Double>> steps = new LinkedHashMap<>();
      for (int run = 0; run < runs; run++) {
        condo.kill9();
        long start = System.nanoTime();
        condo.launch();
        Await.until("the state API to answer", Duration.ofMinutes(1), () -> condo.status("/v1/state") == 200);
        steps.computeIfAbsent("→ first /v1/state answer", k -> new ArrayList<>()).add((System.nanoTime() - start) / 1e6);
        Await.until("all Stable again", Duration.ofMinutes(2), () -> stable(condo) == services);
        steps.computeIfAbsent("→ all Stable", k -> new ArrayList<>()).add((System.nanoTime() - start) / 1e6);
        Matcher started = Await.until("the start's own account", Duration.ofSeconds(30),
            () -> STARTED.matcher(condo.logText()), Matcher::find);
        steps.computeIfAbsent("started", k -> new ArrayList<>()).add(Double.parseDouble(started.group(1)));
        for (String step : started.group(2).split(", ")) {
          int space = step.lastIndexOf(' ');
          steps.computeIfAbsent(step.substring(0, space), k -> new ArrayList<>())
              .add(Double.parseDouble(step.substring(space + 1)));
        }
      }
      lab.discard(condo);
      return steps;
    } finally {
      System.clearProperty("condo.cds");
    }
  }

  private static long stable(CondoProcess condo) {
    try {
      return condo.state().getJsonObject("services").stream()
          .filter(e -> "Stable".equals(((JsonObject) e.getValue()).getString("state"))).count();
    } catch (RuntimeException notServing) {
      return -1;
    }
  }

  private static double median(List<Double> values) {
    if (values.isEmpty()) {
      return 0;
    }
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }

  // --- self-deploy: one host's turn ------------------------------------------------------------

  public void selfDeploy(int turns) throws Exception {
    String image = CondoImage.build();
    List<Double> serving = new ArrayList<>();
    List<Double> done = new ArrayList<>();
    for (int turn = 0; turn < turns; turn++) {
      Path specs = lab.dir("self-deploy-" + turn);
      Files.writeString(specs.resolve("web.edn"), Benchmarks.spec(Benchmarks.IMAGE, 0, "[:Before]"));
      int port = CondoProcess.freePort();
      String name = "condo-bench-self-" + turn + "-" + ProcessHandle.current().pid();
      String old = CondoImage.runCondo(image, name, specs, port);
      lab.removeOnClose(old);
      String url = "http://127.0.0.1:" + port + "/v1/state";
      JsonObject first = Await.until("the Condo in a container to serve", Duration.ofMinutes(1), () -> state(url),
          s -> s != null && "Stable".equals(s.getJsonObject("services").getJsonObject("web", new JsonObject()).getString("state")));
      lab.removeInstanceOnClose(first.getString("instance"));
      long written = System.nanoTime();
      Files.writeString(specs.resolve("self.edn"), CondoImage.selfEdnWithImageHealthCheck(image, specs, port, 2, ""));
      Await.until("the new Condo to serve, its service Stable", Duration.ofMinutes(3), () -> state(url),
          s -> s != null && s.getJsonObject("self").getString("started_from") != null
              && "Stable".equals(s.getJsonObject("services").getJsonObject("web", new JsonObject()).getString("state")));
      serving.add((System.nanoTime() - written) / 1e9);
      String successor = Await.until("the hand-over to end", Duration.ofMinutes(3),
          () -> docker.exists(name) ? docker.inspect(name).getString("Id") : null,
          id -> id != null && !id.equals(old) && docker.containers("condo.self=handover").isEmpty());
      done.add((System.nanoTime() - written) / 1e9);
      lab.removeOnClose(successor);
      docker.stopAndRemove(successor, 10);
    }
    double turn = median(done);
    report.row("self-deploy", "self.edn written → the new Condo serving, its service Stable (median of " + turns + ")",
        String.format(Locale.ROOT, "%.2f s", median(serving)), "", "", "", "", true);
    report.row("self-deploy", "self.edn written → the hand-over done, the next host's turn may begin (median of " + turns + ")",
        String.format(Locale.ROOT, "%.2f s", turn), "", "", "", "≤ 8 s", turn <= 8);
  }

  private static JsonObject state(String url) {
    try {
      return new JsonObject(TestHttp.get(url).body());
    } catch (RuntimeException notServing) {
      return null;
    }
  }
}
