package io.condo.cli;

import com.github.dockerjava.core.DefaultDockerClientConfig;
import io.condo.config.CondoConfig;
import io.condo.config.ConfigLoader;
import io.condo.config.Setting;
import io.condo.docker.DockerApi;
import io.condo.persist.StateLock;
import io.condo.spec.SpecParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/**
 * The training run of the class-data archive ({@code scripts/cds-archive.sh}, the Dockerfile):
 * Condo starts on an empty temporary directory, parses a spec, answers its state once as the
 * image's health probe asks it, and stops. The JVM records every class it loaded on the way, so
 * a later start maps them instead of loading them. It is given no Docker (a socket that does not
 * exist), as in an image build, so it never touches a container: it starts as far as Docker is not
 * needed, tries Docker once, and stops.
 */
@Command(name = "warm-up", hidden = true,
    description = "Starts Condo on an empty temporary directory and stops it again (the class-data archive's training run).")
final class WarmUpCommand implements Callable<Integer> {

  /** Without Docker the start waits for it: this long once HTTP answers covers the worker's first try. */
  private static final Duration WITHOUT_DOCKER = Duration.ofSeconds(3);
  private static final Duration AT_MOST = Duration.ofSeconds(60);
  private static final String SAMPLE = "{:spec {:Image \"warm-up:1\" :Env [\"A=1\"] :HostConfig {:Init true}}"
      + " :deploy [:After 1] :health-timeout 10}";

  @Override
  public Integer call() throws Exception {
    Path dir = Files.createTempDirectory("condo-warm-up");
    try {
      SpecParser.parse(dir.resolve("warm-up.edn"), SAMPLE);
      Files.createDirectories(dir.resolve("specs"));
      Map<Setting, String> given = new EnumMap<>(Setting.class);
      given.put(Setting.STATE, dir.resolve("state").toString());
      given.put(Setting.PREFIXES, dir.resolve("specs").toString());
      given.put(Setting.HTTP_HOST, "127.0.0.1");
      given.put(Setting.HTTP_PORT, "0");
      CondoConfig config = new ConfigLoader(given, Map.of()).load();
      // Never the host's Docker, whatever the environment says: a training run touches no container.
      DockerApi noDocker = new DockerApi(DefaultDockerClientConfig.createDefaultConfigBuilder()
          .withDockerHost("unix://" + dir.resolve("no-docker.sock")).build());
      CondoApp app = CondoApp.create(config, StateLock.acquire(config.state(), config.host()), StartTimeline.begin(),
          noDocker);
      Thread start = new Thread(() -> {
        try {
          app.deploy();
        } catch (RuntimeException stoppedWaitingForDocker) {
          // the training run ends without Docker: the start is cut short on purpose
        }
      }, "condo-warm-up");
      start.setDaemon(true);
      start.start();
      try {
        answered(app);
      } finally {
        app.shutdown();
      }
      return 0;
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /**
   * Until the state API has answered (503: there is no Docker, so the start stops there), then
   * {@link #WITHOUT_DOCKER} more for the Docker worker's first try and what it loads.
   */
  private static void answered(CondoApp app) throws InterruptedException {
    long end = System.nanoTime() + AT_MOST.toNanos();
    while (System.nanoTime() < end && !answers(app.httpPort())) {
      Thread.sleep(100);
    }
    Thread.sleep(WITHOUT_DOCKER.toMillis());
  }

  private static boolean answers(int port) {
    try {
      return port > 0 && HealthProbe.stateStatus(port) > 0;
    } catch (IOException notYet) {
      return false;
    }
  }
}
