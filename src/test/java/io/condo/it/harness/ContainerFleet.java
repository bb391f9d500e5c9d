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
 * its HTTP API published on a loopback port. Closing removes the containers and the network.
 */
public final class ContainerFleet implements AutoCloseable {

  public static final Duration T = Duration.ofSeconds(90);

  public record Host(String name, String container, int port, Path specs) {

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

  private final String network;
  private final List<Host> hosts = new ArrayList<>();

  private ContainerFleet(String network) {
    this.network = network;
  }

  /** Starts three hosts, each with the service on the image and spec given, and waits until each serves. */
  public static ContainerFleet start(Lab lab, String service, String spec) throws IOException, InterruptedException {
    String image = CondoImage.build();
    ContainerFleet fleet = new ContainerFleet(CondoImage.docker("network", "create", CondoTestBase.unique("condo-net")));
    String cluster = CondoTestBase.unique("fleet");
    String members = "condo-0:5701,condo-1:5701,condo-2:5701";
    String secret = TestSecrets.strong();
    for (int i = 0; i < 3; i++) {
      Path specs = lab.dir("host-" + i);
      Files.writeString(specs.resolve(service + ".edn"), spec);
      int port = CondoProcess.freePort();
      String container = CondoImage.docker("run", "-d", "--name", CondoTestBase.unique("condo-" + i),
          "--network", fleet.network, "--network-alias", "condo-" + i, "--hostname", "condo-" + i,
          "-e", "CONDO_CLUSTER_NAME=" + cluster, "-e", "CONDO_CLUSTER_HOST=condo-" + i,
          "-e", "CONDO_CLUSTER_MEMBERS=" + members, "-e", "CONDO_CLUSTER_SECRET=" + secret,
          "-v", "/var/run/docker.sock:/var/run/docker.sock", "-v", specs + ":/var/lib/condo",
          "-p", "127.0.0.1:" + port + ":80", image);
      lab.removeOnClose(container);
      Host host = new Host("condo-" + i, container, port, specs);
      fleet.hosts.add(host);
      String instance = Await.until(host.name() + " to serve", T, host::state, s -> s != null).getString("instance");
      lab.removeInstanceOnClose(instance);
    }
    return fleet;
  }

  public Host host(int i) {
    return hosts.get(i);
  }

  public List<Host> hosts() {
    return List.copyOf(hosts);
  }

  /** Closes the network: the containers on it are removed first, by the lab. */
  @Override
  public void close() throws InterruptedException {
    for (Host host : hosts) {
      try {
        CondoImage.docker("rm", "-f", host.container());
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
