package io.condo.it.harness;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A real Condo: the packaged jar in its own JVM, so it can be killed with SIGKILL. */
public final class CondoProcess {

  public static final Duration START_TIMEOUT = Duration.ofSeconds(40);

  private final Path dir;
  private final List<Path> prefixes;
  private final Map<String, String> env;
  private final List<String> extraArgs;
  private final int port;
  private Process process;
  private Path log;
  private int starts;
  private Path stateFile;

  public CondoProcess(Path dir, List<Path> prefixes, Map<String, String> env, List<String> extraArgs) {
    this.dir = dir;
    this.prefixes = prefixes;
    this.env = new HashMap<>(env);
    this.extraArgs = extraArgs;
    this.port = freePort();
  }

  public Path stateFile() {
    return stateFile != null ? stateFile : dir.resolve("state");
  }

  /** Keeps the state elsewhere (a file system of its own), the logs staying in this Condo's folder. */
  public CondoProcess stateAt(Path file) {
    this.stateFile = file;
    return this;
  }

  public Path log() {
    return log;
  }

  public String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "";
    }
  }

  public void setEnv(String name, String value) {
    env.put(name, value);
  }

  /** Starts the JVM; does not wait for it to serve. */
  public CondoProcess launch() throws IOException {
    Path config = dir.resolve("condo.json");
    Files.writeString(config, "{\"rescanSeconds\": 1}");
    // The options the image and the demo run Condo with (README, "Running it").
    List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx256m", "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData"));
    // Extra JVM options for a measurement, e.g. -Xlog:gc to see pauses in a benchmark.
    String extraJvm = System.getProperty("condo.jvmOptions", "");
    if (!extraJvm.isBlank()) {
      command.addAll(List.of(extraJvm.trim().split("\\s+")));
    }
    String jar = System.getProperty("condo.jar", "target/condo.jar");
    command.addAll(ClassDataArchive.optionsFor(Path.of(jar)));
    command.addAll(List.of("-jar", jar,
        "--state", stateFile().toString(), "--http-port", String.valueOf(port),
        "--http-host", "127.0.0.1", "--config", config.toString()));
    if (!extraArgs.contains("--host")) {
      command.addAll(List.of("--host", "it-host"));
    }
    command.addAll(extraArgs);
    prefixes.forEach(p -> command.add(p.toString()));
    log = dir.resolve("condo-" + (++starts) + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().putAll(env);
    process = builder.start();
    return this;
  }

  /** Starts and waits until the state API answers. */
  public CondoProcess start() throws IOException {
    launch();
    awaitServing();
    return this;
  }

  public void awaitServing() {
    awaitServing(START_TIMEOUT);
  }

  /** @param timeout longer than the usual when many JVMs start at once on few cores */
  public void awaitServing(Duration timeout) {
    Await.until("Condo to serve /v1/state (log " + log + ")", timeout, () -> {
      if (!process.isAlive()) {
        throw new AssertionError("Condo exited with " + process.exitValue() + ":\n" + logText());
      }
      return status("/v1/state") == 200;
    });
  }

  public void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(20, TimeUnit.SECONDS);
  }

  /** SIGTERM, and waits for the process to end; returns its exit code. */
  public int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("Condo did not stop within 60 s of SIGTERM");
    }
    return process.exitValue();
  }

  /** Waits for the process to end by itself; its exit code. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("Condo still runs " + timeout.toSeconds() + " s after its start:\n" + logText());
    }
    return process.exitValue();
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  public JsonObject state() {
    return new JsonObject(get("/v1/state").body());
  }

  public String instanceId() {
    return state().getString("instance");
  }

  /** The service's entry in /v1/state, or null. */
  public JsonObject service(String name) {
    return state().getJsonObject("services").getJsonObject(name);
  }

  public JsonObject awaitService(String name, String what, Duration timeout, Predicate<JsonObject> done) {
    return Await.until(name + " to be " + what, timeout, () -> service(name), s -> s != null && done.test(s));
  }

  /** Waits until the service is Stable with its current container running {@code image}. */
  public JsonObject awaitStableOn(String name, String image, Duration timeout) {
    return awaitService(name, "Stable on " + image, timeout, s -> "Stable".equals(s.getString("state"))
        && image.equals(s.getJsonObject("current").getString("image")));
  }

  public JsonObject awaitState(String name, String state, Duration timeout) {
    return awaitService(name, state, timeout, s -> state.equals(s.getString("state")));
  }

  public int status(String path) {
    try {
      return get(path).statusCode();
    } catch (RuntimeException e) {
      return -1;
    }
  }

  public HttpResponse<String> request(String method, String path) {
    return TestHttp.send(method, url() + path);
  }

  public HttpResponse<String> get(String path) {
    return request("GET", path);
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** A GET answered later (long polls such as wait_for). */
  public java.util.concurrent.CompletableFuture<HttpResponse<String>> getAsync(String path) {
    return TestHttp.getAsync(url() + path);
  }

  /** The JVM the tests run on: Condo's processes, and the training run of their archive, use the same. */
  static String javaBinary() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  /**
   * The command-line options of {@code size} instances clustered on loopback, one list per
   * instance: hosts {@code host-0}, {@code host-1}…, each on a free port, each naming all members.
   */
  public static List<List<String>> loopbackCluster(String cluster, int size) {
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      ports.add(freePort());
    }
    String members = String.join(",", ports.stream().map(p -> "127.0.0.1:" + p).toList());
    List<List<String>> args = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      args.add(List.of("--host", "host-" + i, "--cluster-name", cluster, "--cluster-host", "127.0.0.1",
          "--cluster-port", String.valueOf(ports.get(i)), "--cluster-members", members));
    }
    return args;
  }

  /** A port for a server started later, which no outgoing connection can take first (see {@link FreePorts}). */
  public static int freePort() {
    return FreePorts.next();
  }
}
