package io.condo.it.harness;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Three Condo containers, one per "host", on a user-defined Docker network: Condo's own image,
 * each with the Docker socket and its own spec folder mounted, clustered by network alias, with
 * its HTTP API published on a loopback port. Closing removes the containers and the network; the
 * lab closes it first.
 */
public final class ContainerFleet implements AutoCloseable {

  public static final Duration T = Duration.ofSeconds(90);

  /** @param container the id of the Condo container it was started with; a self-deploy replaces it under {@code containerName} */
  public record Host(String name, String container, String containerName, int port, Path specs) {

    public String url() {
      return "http://127.0.0.1:" + port;
    }

    public HttpResponse<String> get(String path) {
      return TestHttp.get(url() + path);
    }

    /** This host's /v1/state, or null while it does not answer. */
    public JsonObject state() {
      try {
        HttpResponse<String> response = get("/v1/state");
        return response.statusCode() == 200 ? new JsonObject(response.body()) : null;
      } catch (RuntimeException e) {
        return null;
      }
    }

    public JsonObject globalState() {
      return new JsonObject(get("/v1/global_state").body());
    }

    /** How many instances this host's global view holds with the service Stable on the image. */
    public long stableHosts(String service, String image) {
      try {
        JsonArray instances = globalState().getJsonArray("instances");
        return instances.stream().map(JsonObject.class::cast).filter(i -> {
          JsonObject s = i.getJsonObject("services").getJsonObject(service);
          return s != null && "Stable".equals(s.getString("state"))
              && image.equals(s.getJsonObject("current").getString("image"));
        }).count();
      } catch (RuntimeException e) {
        return 0;
      }
    }

    /** The container's process id on this machine, to enter its network namespace. */
    public long pid() throws IOException, InterruptedException {
      return Long.parseLong(CondoImage.docker("inspect", "-f", "{{.State.Pid}}", container));
    }
  }

  private static final String MEMBERS = "condo-0:5701,condo-1:5701,condo-2:5701";

  private final String network;
  private final String cluster = CondoTestBase.unique("fleet");
  private final String secret = TestSecrets.strong();
  private final List<Host> hosts = new ArrayList<>();
  private boolean closed;

  private ContainerFleet(String network) {
    this.network = network;
  }

  /** The settings host {@code i}'s Condo runs with, as its environment. */
  private List<String> environment(int i) {
    return List.of("CONDO_CLUSTER_NAME=" + cluster, "CONDO_CLUSTER_HOST=condo-" + i, "CONDO_CLUSTER_MEMBERS=" + MEMBERS,
        "CONDO_CLUSTER_SECRET=" + secret);
  }

  /** Starts three hosts, each with the service on the image and spec given, and waits until each serves. */
  public static ContainerFleet start(Lab lab, String service, String spec) throws IOException, InterruptedException {
    String image = CondoImage.build();
    ContainerFleet fleet = new ContainerFleet(CondoImage.docker("network", "create", CondoTestBase.unique("condo-net")));
    lab.closeFirst(fleet);
    for (int i = 0; i < 3; i++) {
      Path specs = lab.dir("host-" + i);
      Files.writeString(specs.resolve(service + ".edn"), spec);
      int port = CondoProcess.freePort();
      String name = CondoTestBase.unique("condo-" + i);
      List<String> run = new ArrayList<>(List.of("run", "-d", "--name", name,
          "--network", fleet.network, "--network-alias", "condo-" + i, "--hostname", "condo-" + i));
      fleet.environment(i).forEach(e -> run.addAll(List.of("-e", e)));
      run.addAll(List.of("-v", "/var/run/docker.sock:/var/run/docker.sock", "-v", specs + ":/var/lib/condo",
          "-p", "127.0.0.1:" + port + ":80", image));
      String container = CondoImage.docker(run.toArray(String[]::new));
      lab.removeOnClose(name);
      lab.removeOnClose(container);
      Host host = new Host("condo-" + i, container, name, port, specs);
      fleet.hosts.add(host);
      String instance = Await.until(host.name() + " to serve", T, host::state, s -> s != null).getString("instance");
      lab.removeInstanceOnClose(instance);
    }
    return fleet;
  }

  /**
   * A self.edn for host {@code i}'s Condo, as a template tool renders one per host: the same
   * network and alias, cluster settings, volumes and port; a health check every second, {@code GENERATION}
   * in its environment (a new one is a new body) and {@code extra} fields.
   */
  public String selfEdn(int i, String image, int generation, String extra) {
    Host host = hosts.get(i);
    StringBuilder env = new StringBuilder();
    environment(i).forEach(e -> env.append('"').append(e).append("\" "));
    return "{:Image \"" + image + "\"\n"
        + " :Hostname \"condo-" + i + "\"\n"
        + " :Env [" + env + "\"GENERATION=" + generation + "\"]\n"
        // Checked every second; a clustered Condo joins its fleet before it serves, so it has a minute.
        + " :Healthcheck {:Interval 1000000000 :StartPeriod 60000000000}\n"
        + " :ExposedPorts {\"80/tcp\" {}}\n"
        + " :HostConfig {:Binds [\"/var/run/docker.sock:/var/run/docker.sock\" \"" + host.specs() + ":/var/lib/condo\"]\n"
        + "              :PortBindings {\"80/tcp\" [{:HostIp \"127.0.0.1\" :HostPort \"" + host.port() + "\"}]}\n"
        + "              :NetworkMode \"" + network + "\"}\n"
        + " :NetworkingConfig {:EndpointsConfig {\"" + network + "\" {:Aliases [\"condo-" + i + "\"]}}}\n"
        + extra + "}\n";
  }

  public Host host(int i) {
    return hosts.get(i);
  }

  public List<Host> hosts() {
    return List.copyOf(hosts);
  }

  /** Closes the network: the containers on it are removed first; their logs are kept in target/fleet-logs. */
  @Override
  public void close() throws InterruptedException {
    if (closed) {
      return;
    }
    closed = true;
    for (Host host : hosts) {
      try {
        Path logs = Files.createDirectories(Path.of("target", "fleet-logs"));
        new ProcessBuilder("docker", "logs", host.containerName()).redirectErrorStream(true)
            .redirectOutput(logs.resolve(host.containerName() + ".log").toFile()).start().waitFor();
      } catch (IOException e) {
        // no logs to keep
      }
      try {
        CondoImage.docker("rm", "-f", host.container(), host.containerName());
      } catch (IOException | AssertionError e) {
        // already gone
      }
    }
    try {
      new ProcessBuilder("docker", "network", "rm", network).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    } catch (IOException e) {
      // nothing to remove
    }
  }
}
