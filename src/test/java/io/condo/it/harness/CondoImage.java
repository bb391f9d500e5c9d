package io.condo.it.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/** Builds Condo's own Dockerfile offline, on the local Java base image, and runs docker commands. */
public final class CondoImage {

  public static final String BASE = "condo-test/jre:17";
  public static final String IMAGE = "condo-test/condo:it";

  private CondoImage() {
  }

  public static String build() throws IOException, InterruptedException {
    docker("image", "inspect", BASE);
    docker("build", "-q", "--build-arg", "BASE=" + BASE, "-t", IMAGE, projectDir().toString());
    return IMAGE;
  }

  public static Path projectDir() {
    return Path.of(System.getProperty("condo.jar", "target/condo.jar")).toAbsolutePath().getParent().getParent();
  }

  /**
   * Condo as the README runs it, started by hand: restarted unless stopped, the Docker socket and
   * the spec directory (which holds the state) mounted, HTTP published on a loopback port. Its id.
   */
  @SuppressWarnings("resource") // removed by the lab, by id: a self-deploy replaces it under its name
  public static String runCondo(String image, String name, Path specs, int port) {
    GenericContainer<?> condo = container(image, name, specs, port).withCreateContainerCmdModifier(
        cmd -> cmd.getHostConfig().withRestartPolicy(RestartPolicy.unlessStoppedRestart()));
    condo.start();
    return condo.getContainerId();
  }

  /**
   * Condo's image as a Testcontainers container, not started: under {@code name}, with the Docker
   * socket and the spec folder (which holds the state) mounted, its API on a loopback port chosen
   * by the test. The port is fixed, not mapped by Testcontainers: a self-deploy's successor
   * publishes the same one.
   */
  public static GenericContainer<?> container(String image, String name, Path specs, int port) {
    return new GenericContainer<>(DockerImageName.parse(image))
        .withFileSystemBind("/var/run/docker.sock", "/var/run/docker.sock", BindMode.READ_WRITE)
        .withFileSystemBind(specs.toString(), "/var/lib/condo", BindMode.READ_WRITE)
        .withCreateContainerCmdModifier(cmd -> {
          cmd.withName(name);
          cmd.getHostConfig().withPortBindings(
              new PortBinding(Ports.Binding.bindIpAndPort("127.0.0.1", port), ExposedPort.tcp(80)));
        });
  }

  /**
   * A self.edn for the Condo of {@link #runCondo}: the same port, volumes and restart policy, a
   * quick health check, {@code GENERATION} in its environment (a new one is a new body), and
   * {@code extra} fields.
   */
  public static String selfEdn(String image, Path specs, int port, int generation, String extra) {
    return selfEdnWithImageHealthCheck(image, specs, port, generation,
        " :Healthcheck {:Interval 1000000000 :StartPeriod 1000000000}\n" + extra);
  }

  /** As {@link #selfEdn}, with the image's own health check (every 15 s), as the README's example. */
  public static String selfEdnWithImageHealthCheck(String image, Path specs, int port, int generation, String extra) {
    return "{:Image \"" + image + "\"\n"
        + " :Env [\"CONDO_RESCAN_SECONDS=1\" \"GENERATION=" + generation + "\"]\n"
        + " :ExposedPorts {\"80/tcp\" {}}\n"
        + " :HostConfig {:Binds [\"/var/run/docker.sock:/var/run/docker.sock\" \"" + specs + ":/var/lib/condo\"]\n"
        + "              :PortBindings {\"80/tcp\" [{:HostIp \"127.0.0.1\" :HostPort \"" + port + "\"}]}\n"
        + "              :RestartPolicy {:Name \"unless-stopped\"}}\n"
        + extra + "}\n";
  }

  /** Runs the docker CLI and returns its output; fails the test on a non-zero exit. */
  public static String docker(String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("docker"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertEquals(0, process.waitFor(), String.join(" ", command) + ":\n" + output);
    return output.trim();
  }
}
