package io.condo.it.harness;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A fleet of real Condo processes on loopback, clustered with a secret (so the event bus is
 * mutual TLS), each with its own folder of services, measured from outside: the kernel's socket
 * counters ({@code ss -ti}) and {@code /proc}.
 */
public final class ProcessFleet {

  private final List<CondoProcess> condos = new ArrayList<>();
  private final List<Path> specs = new ArrayList<>();
  private final int services;

  private ProcessFleet(int services) {
    this.services = services;
  }

  /**
   * Starts {@code hosts} Condos, {@code services} services each, {@code spec.apply(service, version)}
   * written for each; returns once every one serves.
   */
  public static ProcessFleet start(Lab lab, int hosts, int services, BiFunction<String, Integer, String> spec)
      throws IOException {
    ProcessFleet fleet = new ProcessFleet(services);
    String cluster = CondoTestBase.unique("scale");
    String secret = TestSecrets.strong();
    List<List<String>> members = CondoProcess.loopbackCluster(cluster, hosts);
    for (int h = 0; h < hosts; h++) {
      Path prefix = lab.dir("scale-specs-" + h);
      for (int s = 0; s < services; s++) {
        Files.writeString(prefix.resolve(service(s) + ".edn"), spec.apply(service(s), 0));
      }
      fleet.specs.add(prefix);
      // One after the other, as hosts boot: eight JVMs deriving keys, joining and starting their
      // containers at once on two cores would measure the machine's overload, not the fleet.
      CondoProcess condo = lab.condo(Map.of("CONDO_CLUSTER_SECRET", secret), members.get(h), prefix).launch();
      condo.awaitServing(Duration.ofMinutes(2));
      fleet.condos.add(condo);
    }
    return fleet;
  }

  public static String service(int s) {
    return String.format("svc-%02d", s);
  }

  public List<CondoProcess> condos() {
    return condos;
  }

  public CondoProcess condo(int host) {
    return condos.get(host);
  }

  public int size() {
    return condos.size();
  }

  /** Writes a service's spec on one host. */
  public void write(int host, int service, String spec) throws IOException {
    Files.writeString(specs.get(host).resolve(service(service) + ".edn"), spec);
  }

  /** Whether every instance's global view lists every instance with all its services Stable. */
  public boolean allStableEverywhere() {
    for (CondoProcess observer : condos) {
      JsonObject global = new JsonObject(observer.get("/v1/global_state").body());
      var instances = global.getJsonArray("instances");
      if (instances.size() != condos.size()) {
        return false;
      }
      for (Object i : instances) {
        JsonObject servicesOf = ((JsonObject) i).getJsonObject("services");
        if (servicesOf.size() != services || !servicesOf.stream()
            .allMatch(e -> "Stable".equals(((JsonObject) e.getValue()).getString("state")))) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Whether every instance's {@code /v1/global_state} shows every instance exactly as that
   * instance's own {@code /v1/state} shows itself, and nothing else.
   */
  public boolean viewsAgree() {
    Map<String, JsonObject> own = new HashMap<>();
    for (CondoProcess condo : condos) {
      JsonObject state = condo.state();
      own.put(state.getString("instance"), state.getJsonObject("services"));
    }
    for (CondoProcess observer : condos) {
      JsonObject global = new JsonObject(observer.get("/v1/global_state").body());
      Map<String, JsonObject> seen = new HashMap<>();
      global.getJsonArray("instances").forEach(i -> seen.put(((JsonObject) i).getString("instance"),
          ((JsonObject) i).getJsonObject("services")));
      if (!seen.equals(own)) {
        return false;
      }
    }
    return true;
  }

  /** SIGSTOP: the process is frozen, its sockets open, silent. */
  public void freeze(int host) throws Exception {
    signal(host, "-STOP");
  }

  public void thaw(int host) throws Exception {
    signal(host, "-CONT");
  }

  private void signal(int host, String signal) throws Exception {
    Process kill = new ProcessBuilder("kill", signal, String.valueOf(condos.get(host).pid())).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new IllegalStateException("kill " + signal + " failed");
    }
  }

  /**
   * Bytes each host's process has sent on its open TCP connections, by the kernel's count, except
   * on its HTTP port (the measurement's own requests and streams).
   */
  public long[] bytesSent() throws IOException, InterruptedException {
    long[] sent = new long[condos.size()];
    for (int h = 0; h < condos.size(); h++) {
      CondoProcess condo = condos.get(h);
      sent[h] = SocketCounters.read(condo.pid(), java.net.URI.create(condo.url()).getPort()).sent();
    }
    return sent;
  }

  /** CPU time each host's process has used, in clock ticks (1/100 s). */
  public long[] cpuTicks() throws IOException {
    long[] ticks = new long[condos.size()];
    for (int h = 0; h < condos.size(); h++) {
      String stat = Files.readString(Path.of("/proc/" + condos.get(h).pid() + "/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      ticks[h] = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
    return ticks;
  }

  /** Waits until every instance sees every instance with all its services Stable. */
  public void awaitAllStable(Duration timeout) {
    Await.until("every instance Stable in every view", timeout, this::allStableEverywhere);
  }
}
