package io.condo.it.bench;

import io.condo.it.harness.Await;
import io.condo.it.harness.CondoProcess;
import io.condo.it.harness.CondoTestBase;
import io.condo.it.harness.DockerProbe;
import io.condo.it.harness.Lab;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Condo against its peers, side by side in one run on this machine: Docker Compose v2 and the
 * floor (the benchmark's own create+start through the Engine API). Every contender runs the same
 * image, the same command, {@code init}, no health check, the same stop settings. Prints one table
 * and writes it to {@code docs/benchmarks.md}. Run by {@code bench/run [--quick]}.
 */
public final class Benchmarks {

  public static final String IMAGE = "condo-test/good:1";
  public static final String IMAGE_2 = "condo-test/good:2";
  public static final Duration SETTLE = Duration.ofSeconds(15);
  /** How often the fleet case polls each instance's global view: its own load on the machine. */
  public static final long POLL_MILLIS = Long.getLong("bench.pollMillis", 2);
  private final boolean quick;
  private final String compose;
  private final DockerProbe docker = DockerProbe.get();
  private final BenchReport report = new BenchReport();
  private final Lab lab;

  public Benchmarks(boolean quick, Path work, String compose) {
    this.quick = quick;
    this.compose = compose;
    this.lab = new Lab(work);
  }

  public static void main(String[] args) throws Exception {
    boolean quick = List.of(args).contains("--quick");
    String compose = args[args.length - 1];
    Path work = Files.createTempDirectory("condo-bench");
    Benchmarks bench = new Benchmarks(quick, work, compose);
    List<String> only = List.of(args).subList(0, args.length - 1).stream().filter(a -> !a.startsWith("--")).toList();
    try {
      if (only.isEmpty() || only.contains("react")) {
        bench.react(quick ? 30 : 100);
      }
      if (only.isEmpty() || only.contains("converge")) {
        bench.converge(quick ? 20 : 50);
      }
      if (only.isEmpty() || only.contains("redeploy")) {
        bench.redeploy(quick ? 20 : 50);
      }
      if (only.isEmpty() || only.contains("restart")) {
        bench.restart(quick ? 20 : 50);
      }
      if (only.isEmpty() || only.contains("start")) {
        new StartBenchmark(bench.lab, bench.report).start(quick ? 20 : 50, quick ? 3 : 5);
      }
      if (only.isEmpty() || only.contains("self-deploy")) {
        new StartBenchmark(bench.lab, bench.report).selfDeploy(quick ? 2 : 3);
      }
      if (only.isEmpty() || only.contains("idle")) {
        bench.idle(quick ? 50 : 200, Duration.ofSeconds(quick ? 20 : 60));
      }
      if (only.isEmpty() || only.contains("fleet")) {
        bench.fleet(quick ? 5 : 20);
      }
      if (only.isEmpty() || only.contains("fleet-scale")) {
        new FleetScaleBenchmark(bench.lab, bench.report).run(8, Duration.ofSeconds(quick ? 20 : 60), quick ? 24 : 60);
      }
      if (only.isEmpty() || only.contains("ui")) {
        new UiBenchmark(bench.lab, bench.report).run(100, quick ? 50 : 200, Duration.ofSeconds(quick ? 20 : 60));
        new UiBenchmark(bench.lab, bench.report).run(300, quick ? 20 : 100, Duration.ofSeconds(quick ? 20 : 60));
      }
    } finally {
      bench.lab.close();
    }
    bench.report.print(quick, only.isEmpty());
  }

  // --- react: spec file written → Docker's create event -------------------------------------------

  public void react(int edits) throws Exception {
    Path specs = dir("react");
    String service = "react";
    Files.writeString(specs.resolve(service + ".edn"), spec(0, "[:After 0]"));
    CondoProcess condo = condo(specs);
    condo.awaitState(service, "Stable", Duration.ofSeconds(60));
    List<Long> latencies = new ArrayList<>();
    for (int i = 1; i <= edits; i++) {
      String before = CondoTestBase.id(condo.service(service), "current");
      long written = DockerProbe.nowNanos();
      Files.writeString(specs.resolve(service + ".edn"), spec(i, "[:After 0]"));
      condo.awaitService(service, "redeployed", Duration.ofSeconds(60),
          s -> "Stable".equals(s.getString("state")) && !before.equals(CondoTestBase.id(s, "current")));
      long created = docker.events("condo.service=" + service, written).stream()
          .filter(e -> "create".equals(e.getString("Action"))).mapToLong(e -> e.getLong("timeNano"))
          .min().orElseThrow();
      latencies.add(created - written);
    }
    latencies.sort(null);
    double p50 = percentile(latencies, 50) / 1e6;
    double p99 = percentile(latencies, 99) / 1e6;
    report.row("react", edits + " edits: file written → Docker create, p50", ms(p50), "", "", "", "≤ 50 ms", p50 <= 50);
    report.row("react", edits + " edits: file written → Docker create, p99", ms(p99), "", "", "", "≤ 250 ms", p99 <= 250);
    lab.discard(condo);
  }

  // --- converge: N services from nothing to all running ----------------------------------------

  public void converge(int n) throws Exception {
    Path specs = dir("converge");
    CondoProcess condo = condo(specs);
    long start = System.nanoTime();
    Path staging = dir("converge-staging");
    for (int i = 0; i < n; i++) {
      Files.writeString(staging.resolve("svc" + i + ".edn"), spec(0, "[:Before]"));
    }
    for (int i = 0; i < n; i++) {
      Files.move(staging.resolve("svc" + i + ".edn"), specs.resolve("svc" + i + ".edn"));
    }
    Await.until("all " + n + " Stable", Duration.ofMinutes(5), () -> stableCount(condo) == n);
    double condoSeconds = (System.nanoTime() - start) / 1e9;

    double composeSeconds = composeUp(n, "converge");
    double floorSeconds = floor(n);
    report.row("converge", n + " services: nothing → all running", s(condoSeconds), s(composeSeconds), s(floorSeconds),
        String.format(Locale.ROOT, "floor %.2f, compose %.2f", condoSeconds / floorSeconds, condoSeconds / composeSeconds),
        "Condo/floor ≤ 1.15, Condo/compose ≤ 0.9",
        condoSeconds / floorSeconds <= 1.15 && condoSeconds / composeSeconds <= 0.9);
    lab.discard(condo);
  }

  private double composeUp(int n, String project) throws Exception {
    ComposeProject compose = new ComposeProject(dir("compose-" + project));
    try {
      return compose.up(n, IMAGE);
    } finally {
      compose.down();
    }
  }

  /** One Compose project of N services, all on one image; {@code up} is timed. */
  private final class ComposeProject {

    private final Path dir;
    private final String name = CondoTestBase.unique("bench").replace('-', '_');

    public ComposeProject(Path dir) {
      this.dir = dir;
    }

    /** Writes the project for this image and runs {@code up -d --wait}; returns its seconds. */
    public double up(int n, String image) throws Exception {
      StringBuilder yaml = new StringBuilder("services:\n");
      for (int i = 0; i < n; i++) {
        yaml.append("  svc").append(i).append(":\n    image: ").append(image)
            .append("\n    command: [\"/bin/sleep\", \"1000000\"]\n    init: true\n    stop_grace_period: 1s\n");
      }
      Files.writeString(dir.resolve("compose.yaml"), yaml);
      long start = System.nanoTime();
      run(dir, compose, "-p", name, "up", "-d", "--wait");
      return (System.nanoTime() - start) / 1e9;
    }

    public void down() throws Exception {
      // Compose's teardown races Docker 20.10's network removal now and then; that is not what is
      // measured, so it is retried and at worst reported.
      for (int attempt = 1; ; attempt++) {
        try {
          run(dir, compose, "-p", name, "down", "-t", "0");
          return;
        } catch (IllegalStateException e) {
          if (attempt == 3) {
            System.err.println("compose down failed 3 times, continuing: " + e.getMessage());
            return;
          }
        }
      }
    }
  }

  /** The bench's own create+start of the same containers, 20 at a time like Condo's worker pool. */
  private double floor(int n) throws Exception {
    String label = CondoTestBase.unique("f");
    long start = System.nanoTime();
    List<String> started = inParallel(n, i -> floorContainer(label, i, IMAGE));
    double seconds = (System.nanoTime() - start) / 1e9;
    started.forEach(docker::removeForce);
    return seconds;
  }

  private String floorContainer(String label, int i, String image) {
    JsonObject body = new JsonObject().put("Image", image)
        .put("Cmd", new JsonArray().add("/bin/sleep").add("1000000"))
        .put("Labels", new JsonObject().put("condo-bench-floor", label))
        .put("HostConfig", new JsonObject().put("Init", true));
    return docker.createAndStart(CondoTestBase.unique("floor" + i), body);
  }

  private static <T> List<T> inParallel(int n, IntFunction<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(20);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        futures.add(pool.submit(() -> task.apply(index)));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get());
      }
      return results;
    } finally {
      pool.shutdown();
    }
  }

  // --- redeploy: N Stable services to a new image ------------------------------------------------

  public void redeploy(int n) throws Exception {
    Path specs = dir("redeploy");
    for (int i = 0; i < n; i++) {
      Files.writeString(specs.resolve("svc" + i + ".edn"), spec(IMAGE, 0, "[:Before]"));
    }
    CondoProcess condo = condo(specs);
    awaitAllOn(condo, n, IMAGE);
    double condoBefore = switchAll(condo, specs, n, IMAGE_2, "[:Before]");
    double condoAfter = switchAll(condo, specs, n, IMAGE, "[:After 0]");
    lab.discard(condo);

    ComposeProject project = new ComposeProject(dir("compose-redeploy"));
    double composeBefore;
    try {
      project.up(n, IMAGE);
      composeBefore = project.up(n, IMAGE_2);
    } finally {
      project.down();
    }
    double floorBefore = floorRedeploy(n);
    report.row("redeploy", n + " services to a new image, Before (stop old, then start new)", s(condoBefore),
        s(composeBefore), s(floorBefore),
        String.format(Locale.ROOT, "floor %.2f, compose %.2f", condoBefore / floorBefore, condoBefore / composeBefore),
        "Condo/compose ≤ 0.9", condoBefore / composeBefore <= 0.9);
    report.row("redeploy", n + " services to a new image, After 0 (start new, then stop old)", s(condoAfter), "", "",
        String.format(Locale.ROOT, "Before %.2f", condoAfter / condoBefore), "(Compose has no After)", true);
  }

  /** Renames N new spec files into place at once; seconds until all N are Stable on the image alone. */
  private double switchAll(CondoProcess condo, Path specs, int n, String image, String deploy) throws Exception {
    Path staging = dir("staging-" + image.replaceAll("\\W", "_") + deploy.replaceAll("\\W", ""));
    for (int i = 0; i < n; i++) {
      Files.writeString(staging.resolve("svc" + i + ".edn"), spec(image, 0, deploy));
    }
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      Files.move(staging.resolve("svc" + i + ".edn"), specs.resolve("svc" + i + ".edn"),
          StandardCopyOption.REPLACE_EXISTING);
    }
    awaitAllOn(condo, n, image);
    return (System.nanoTime() - start) / 1e9;
  }

  /** All N Stable on the image, and the old containers gone: nothing but the N new ones exist. */
  private void awaitAllOn(CondoProcess condo, int n, String image) {
    String instance = condo.instanceId();
    Await.until("all " + n + " Stable on " + image, Duration.ofMinutes(5),
        () -> stableOn(condo, image) == n && docker.containers("condo.instance=" + instance).size() == n);
  }

  private static long stableOn(CondoProcess condo, String image) {
    JsonObject services = condo.state().getJsonObject("services");
    return services.fieldNames().stream().map(services::getJsonObject)
        .filter(s -> "Stable".equals(s.getString("state")) && image.equals(s.getJsonObject("current").getString("image")))
        .count();
  }

  /** The floor of a Before redeploy: stop and remove each old container, then create and start its successor. */
  private double floorRedeploy(int n) throws Exception {
    String label = CondoTestBase.unique("f");
    List<String> old = inParallel(n, i -> floorContainer(label, i, IMAGE));
    long start = System.nanoTime();
    List<String> replaced = inParallel(n, i -> {
      docker.stopAndRemove(old.get(i), 1);
      return floorContainer(label, i, IMAGE_2);
    });
    double seconds = (System.nanoTime() - start) / 1e9;
    replaced.forEach(docker::removeForce);
    return seconds;
  }

  // --- restart: kill -9 with N Stable, then the state API answering with all N Stable ---------------

  public void restart(int n) throws Exception {
    Path specs = dir("restart");
    for (int i = 0; i < n; i++) {
      Files.writeString(specs.resolve("svc" + i + ".edn"), spec(0, "[:Before]"));
    }
    CondoProcess condo = condo(specs);
    Await.until("all " + n + " Stable", Duration.ofMinutes(5), () -> stableCount(condo) == n);
    List<String> before = new ArrayList<>();
    for (Object s : condo.state().getJsonObject("services").getMap().keySet()) {
      String id = CondoTestBase.id(condo.service((String) s), "current");
      before.add(id + "@" + docker.inspect(id).getJsonObject("State").getString("StartedAt"));
    }
    condo.kill9();
    long start = System.nanoTime();
    condo.launch();
    Await.until("all " + n + " Stable again", Duration.ofMinutes(2), () -> {
      try {
        return stableCount(condo) == n;
      } catch (RuntimeException notYet) {
        return false;
      }
    });
    double seconds = (System.nanoTime() - start) / 1e9;
    long restarted = before.stream().filter(entry -> {
      String id = entry.substring(0, entry.indexOf('@'));
      return !entry.equals(id + "@" + docker.inspect(id).getJsonObject("State").getString("StartedAt"));
    }).count();
    report.row("restart", n + " Stable, kill -9: process start → all Stable in /v1/state", s(seconds), "", "", "",
        "≤ 3 s", seconds <= 3);
    report.row("restart", n + " Stable, kill -9: containers restarted", String.valueOf(restarted), "", "", "",
        "0", restarted == 0);
    lab.discard(condo);
  }

  // --- idle: M Stable services, nothing happening ---------------------------------------------------

  public void idle(int m, Duration window) throws Exception {
    Path specs = dir("idle");
    for (int i = 0; i < m; i++) {
      Files.writeString(specs.resolve("svc" + i + ".edn"), spec(0, "[:Before]"));
    }
    CondoProcess condo = condo(specs);
    Await.until("all " + m + " Stable", Duration.ofMinutes(10), () -> stableCount(condo) == m);
    // Idle is what follows a burst once the JIT has compiled it: right after the last transition
    // the C2 compiler threads are still busy for some seconds.
    Await.holdsFor("Condo to run while the JIT settles", SETTLE, condo::isAlive);
    long pid = condo.pid();
    long cpuBefore = cpuTicks(pid);
    long start = System.nanoTime();
    Await.holdsFor("Condo to run idle", window, condo::isAlive);
    double wall = (System.nanoTime() - start) / 1e9;
    double cpuPercent = 100.0 * (cpuTicks(pid) - cpuBefore) / 100.0 / wall;
    long rssMb = rssKb(pid) / 1024;
    report.row("idle", m + " Stable for " + window.toSeconds() + " s: CPU of one core",
        String.format(Locale.ROOT, "%.2f %%", cpuPercent), "", "", "", "≤ 1 %", cpuPercent <= 1);
    report.row("idle", m + " Stable: RSS", rssMb + " MB", "", "", "", "≤ 300 MB", rssMb <= 300);
    lab.discard(condo);
  }

  // --- fleet: three clustered instances -------------------------------------------------------------

  /**
   * Three Condos clustered on loopback, one service each, redeployed {@code deploys} times on all
   * three at once. Each instance's own {@code stable_at} is the moment of its transition (one
   * clock: the same machine); every instance's {@code /v1/global_state} is polled every 2 ms for
   * the others' transitions, so propagation is an upper bound by up to the poll interval.
   */
  public void fleet(int deploys) throws Exception {
    String service = "fleet";
    String cluster = CondoTestBase.unique("bench");
    List<List<String>> members = CondoProcess.loopbackCluster(cluster, 3);
    List<CondoProcess> fleet = new ArrayList<>();
    List<Path> specs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Path prefix = dir("fleet-" + i);
      Files.writeString(prefix.resolve(service + ".edn"), spec(IMAGE, 0, "[:After 0]"));
      specs.add(prefix);
      fleet.add(condo(prefix, members.get(i)));
    }
    Await.until("every instance to see three Stable", Duration.ofMinutes(2),
        () -> fleet.stream().allMatch(c -> hostsStableOn(c, service, IMAGE).size() == 3));
    List<Long> propagation = new ArrayList<>();
    List<Long> answers = new ArrayList<>();
    for (int d = 1; d <= deploys; d++) {
      String image = d % 2 == 1 ? IMAGE_2 : IMAGE;
      CompletableFuture<Instant> answered = fleet.get(0)
          .getAsync("/v1/wait_for?name=" + service + "&image=" + image + "&timeout=120s")
          .thenApply(response -> {
            Instant at = Instant.now();
            if (response.statusCode() != 200) {
              throw new IllegalStateException("wait_for: " + response.statusCode() + " " + response.body());
            }
            return at;
          });
      List<Future<Map<String, Instant>>> watchers = new ArrayList<>();
      ExecutorService pool = Executors.newFixedThreadPool(3);
      for (CondoProcess observer : fleet) {
        watchers.add(pool.submit(() -> firstSeenStable(observer, service, image)));
      }
      for (int i = 0; i < 3; i++) {
        Files.writeString(specs.get(i).resolve(service + ".edn"), spec(image, d, "[:After 0]"));
      }
      Instant answerAt = answered.get(2, TimeUnit.MINUTES);
      Map<String, Instant> stableAt = new HashMap<>();
      for (CondoProcess condo : fleet) {
        JsonObject own = condo.state();
        stableAt.put(own.getString("host"), Instant.parse(
            own.getJsonObject("services").getJsonObject(service).getJsonObject("current").getString("stable_at")));
      }
      for (int o = 0; o < 3; o++) {
        String observerHost = "host-" + o;
        watchers.get(o).get(2, TimeUnit.MINUTES).forEach((host, seen) -> {
          if (!host.equals(observerHost)) {
            propagation.add(Duration.between(stableAt.get(host), seen).toNanos());
          }
        });
      }
      pool.shutdown();
      Instant last = stableAt.values().stream().max(Instant::compareTo).orElseThrow();
      answers.add(Duration.between(last, answerAt).toNanos());
    }
    propagation.sort(null);
    answers.sort(null);
    double answerP50 = percentile(answers, 50) / 1e6;
    double answerMax = answers.get(answers.size() - 1) / 1e6;
    double p50 = percentile(propagation, 50) / 1e6;
    double p99 = percentile(propagation, 99) / 1e6;
    report.row("fleet", "3 instances, " + deploys + " deploys: last Stable → wait_for answered, p50", ms(answerP50),
        "", "", "", "≤ 100 ms", answerP50 <= 100);
    report.row("fleet", "3 instances, " + deploys + " deploys: last Stable → wait_for answered, max", ms(answerMax),
        "", "", "", "≤ 100 ms", answerMax <= 100);
    report.row("fleet", propagation.size() + " transitions → seen by a peer, p50", ms(p50), "", "", "", "", true);
    report.row("fleet", propagation.size() + " transitions → seen by a peer, p99", ms(p99), "", "", "", "≤ 100 ms",
        p99 <= 100);
    for (CondoProcess condo : fleet) {
      lab.discard(condo);
    }
  }

  /** Polls one instance's global view until all three hosts are Stable on the image; when each was first seen so. */
  private static Map<String, Instant> firstSeenStable(CondoProcess observer, String service,
                                                                        String image) throws InterruptedException {
    Map<String, Instant> seen = new HashMap<>();
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (seen.size() < 3 && System.nanoTime() < deadline) {
      try {
        Instant at = Instant.now();
        for (String host : hostsStableOn(observer, service, image)) {
          seen.putIfAbsent(host, at);
        }
      } catch (RuntimeException busy) {
        // a refused poll is retried
      }
      Thread.sleep(POLL_MILLIS);
    }
    return seen;
  }

  private static Set<String> hostsStableOn(CondoProcess condo, String service, String image) {
    JsonArray instances = new JsonObject(condo.get("/v1/global_state").body()).getJsonArray("instances");
    Set<String> hosts = new HashSet<>();
    for (Object o : instances) {
      JsonObject instance = (JsonObject) o;
      JsonObject s = instance.getJsonObject("services").getJsonObject(service);
      if (s != null && "Stable".equals(s.getString("state")) && image.equals(s.getJsonObject("current").getString("image"))) {
        hosts.add(instance.getString("host"));
      }
    }
    return hosts;
  }

  // --- plumbing ----------------------------------------------------------------------------------

  private CondoProcess condo(Path specs) throws IOException {
    return condo(specs, List.of());
  }

  private CondoProcess condo(Path specs, List<String> args) throws IOException {
    return lab.condo(Map.of(), args, specs).start();
  }

  private static String spec(int version, String deploy) {
    return spec(IMAGE, version, deploy);
  }

  public static String spec(String image, int version, String deploy) {
    return "{:spec {:Image \"" + image + "\" :Cmd [\"/bin/sleep\" \"1000000\"] :Env [\"V=" + version + "\"]"
        + " :HostConfig {:Init true}} :deploy " + deploy + " :stop-timeout 1}";
  }

  private static long stableCount(CondoProcess condo) {
    JsonObject services = condo.state().getJsonObject("services");
    return services.fieldNames().stream().filter(n -> "Stable".equals(services.getJsonObject(n).getString("state")))
        .count();
  }

  private Path dir(String name) {
    return lab.dir(name);
  }

  private static void run(Path dir, String... command) throws Exception {
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + ":\n" + output);
    }
  }

  public static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  public static long rssKb(long pid) throws IOException {
    return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmRSS:"))
        .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(-1);
  }

  public static long percentile(List<Long> sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private static String ms(double millis) {
    return String.format(Locale.ROOT, "%.1f ms", millis);
  }

  private static String s(double seconds) {
    return String.format(Locale.ROOT, "%.2f s", seconds);
  }
}
