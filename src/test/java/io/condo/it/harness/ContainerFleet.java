package io.condo.it.harness;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;

/**
 * Three Condo containers, one per "host", on a user-defined Docker network: Condo's own image run
 * by Testcontainers, each with the Docker socket and its own spec folder mounted, clustered by
 * network alias, with its HTTP API published on a loopback port. Closing removes the containers
 * and the network; the lab closes it first.
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
    public long pid() {
      return DOCKER.client().inspectContainerCmd(container).exec().getState().getPidLong();
    }

    /** SIGKILL to the Condo container it was started with. */
    public void kill() {
      DOCKER.client().killContainerCmd(container).exec();
    }

    /** Starts the Condo container it was started with again. */
    public void startAgain() {
      DOCKER.client().startContainerCmd(container).exec();
    }

    /** Frozen: its connections stay open, and only silence tells. */
    public void pause() {
      DOCKER.client().pauseContainerCmd(container).exec();
    }

    public void unpause() {
      DOCKER.client().unpauseContainerCmd(container).exec();
    }
  }

  private static final DockerClientFactory DOCKER = DockerClientFactory.instance();

  private static final String MEMBERS = "condo-0:5701,condo-1:5701,condo-2:5701";

  private final Network network;
  private final String networkName = CondoTestBase.unique("condo-net");
  private final String cluster = CondoTestBase.unique("fleet");
  private final String secret = TestSecrets.strong();
  private final List<Host> hosts = new ArrayList<>();
  private final List<GenericContainer<?>> containers = new ArrayList<>();
  private boolean closed;

  private ContainerFleet() {
    this.network = Network.builder().createNetworkCmdModifier(cmd -> cmd.withName(networkName)).build();
  }

  /** The settings host {@code i}'s Condo runs with, as its environment. */
  private Map<String, String> environment(int i) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("CONDO_CLUSTER_NAME", cluster);
    env.put("CONDO_CLUSTER_HOST", "condo-" + i);
    env.put("CONDO_CLUSTER_MEMBERS", MEMBERS);
    env.put("CONDO_CLUSTER_SECRET", secret);
    return env;
  }

  /** Starts three hosts, each with the service on the image and spec given, and waits until each serves. */
  public static ContainerFleet start(Lab lab, String service, String spec) throws IOException, InterruptedException {
    String image = CondoImage.build();
    ContainerFleet fleet = new ContainerFleet();
    lab.closeFirst(fleet);
    for (int i = 0; i < 3; i++) {
      Path specs = lab.dir("host-" + i);
      Files.writeString(specs.resolve(service + ".edn"), spec);
      Host host = fleet.startHost(i, image, specs, lab);
      String instance = Await.until(host.name() + " to serve", T, host::state, s -> s != null).getString("instance");
      lab.removeInstanceOnClose(instance);
    }
    return fleet;
  }

  /** Condo's image as a Testcontainers container ({@link CondoImage#container}) on the fleet's network under its alias. */
  @SuppressWarnings("resource") // closed with the fleet
  private Host startHost(int i, String image, Path specs, Lab lab) {
    int port = CondoProcess.freePort();
    String name = CondoTestBase.unique("condo-" + i);
    String alias = "condo-" + i;
    GenericContainer<?> condo = CondoImage.container(image, name, specs, port)
        .withNetwork(network)
        .withNetworkAliases(alias)
        .withEnv(environment(i))
        .withCreateContainerCmdModifier(cmd -> cmd.withHostName(alias));
    containers.add(condo);
    condo.start();
    lab.removeOnClose(name);
    lab.removeOnClose(condo.getContainerId());
    Host host = new Host(alias, condo.getContainerId(), name, port, specs);
    hosts.add(host);
    return host;
  }

  /**
   * A self.edn for host {@code i}'s Condo, as a template tool renders one per host: the same
   * network and alias, cluster settings, volumes and port; a health check every second, {@code GENERATION}
   * in its environment (a new one is a new body) and {@code extra} fields.
   */
  public String selfEdn(int i, String image, int generation, String extra) {
    Host host = hosts.get(i);
    StringBuilder env = new StringBuilder();
    environment(i).forEach((k, v) -> env.append('"').append(k).append('=').append(v).append("\" "));
    return "{:Image \"" + image + "\"\n"
        + " :Hostname \"condo-" + i + "\"\n"
        + " :Env [" + env + "\"GENERATION=" + generation + "\"]\n"
        // Checked every second; a clustered Condo joins its fleet before it serves, so it has a minute.
        + " :Healthcheck {:Interval 1000000000 :StartPeriod 60000000000}\n"
        + " :ExposedPorts {\"80/tcp\" {}}\n"
        + " :HostConfig {:Binds [\"/var/run/docker.sock:/var/run/docker.sock\" \"" + host.specs() + ":/var/lib/condo\"]\n"
        + "              :PortBindings {\"80/tcp\" [{:HostIp \"127.0.0.1\" :HostPort \"" + host.port() + "\"}]}\n"
        + "              :NetworkMode \"" + networkName + "\"}\n"
        + " :NetworkingConfig {:EndpointsConfig {\"" + networkName + "\" {:Aliases [\"condo-" + i + "\"]}}}\n"
        + extra + "}\n";
  }

  public Host host(int i) {
    return hosts.get(i);
  }

  public List<Host> hosts() {
    return List.copyOf(hosts);
  }

  /**
   * Removes the containers, then the network. Each host's logs are kept in target/fleet-logs first,
   * read by name: after a self-deploy the name is the successor's. A self-deploy cut short may leave
   * a successor or a helper on the network, which no Condo labelled: whatever is still attached goes
   * too. No step's failure keeps the next from running, nor the lab from cleaning up after it.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Host host : hosts) {
      keepLogs(host.containerName());
      removeIfThere(host.containerName());
    }
    for (GenericContainer<?> container : containers) {
      try {
        container.stop();
      } catch (RuntimeException e) {
        // already gone
      }
    }
    try {
      DOCKER.client().inspectNetworkCmd().withNetworkId(networkName).exec().getContainers().keySet()
          .forEach(ContainerFleet::removeIfThere);
    } catch (RuntimeException e) {
      // no network, or nothing on it
    }
    try {
      network.close();
    } catch (RuntimeException e) {
      // removed already
    }
  }

  private static void keepLogs(String container) {
    try {
      Path logs = Files.createDirectories(Path.of("target", "fleet-logs"));
      StringBuilder text = new StringBuilder();
      DOCKER.client().logContainerCmd(container).withStdOut(true).withStdErr(true)
          .exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
              text.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
            }
          }).awaitCompletion(30, TimeUnit.SECONDS);
      Files.writeString(logs.resolve(container + ".log"), text);
    } catch (IOException | RuntimeException e) {
      // no logs to keep
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void removeIfThere(String container) {
    try {
      DOCKER.client().removeContainerCmd(container).withForce(true).exec();
    } catch (RuntimeException e) {
      // already gone, or going: the lab's own clean-up runs next all the same
    }
  }
}
