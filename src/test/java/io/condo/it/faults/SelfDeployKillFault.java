package io.condo.it.faults;

import io.condo.it.harness.Await;
import io.condo.it.harness.CondoImage;
import io.condo.it.harness.CondoProcess;
import io.condo.it.harness.CondoTestBase;
import io.condo.it.harness.DockerProbe;
import io.condo.it.harness.Lab;
import io.condo.it.harness.TestHttp;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * kill -9 during self-deploys, run like the kill loop: Condo's own image in a container with its
 * port published; each round writes a new {@code self.edn} and, at a random moment, kills the old
 * Condo, the hand-over helper or the new Condo with SIGKILL (Docker's restart policies then do what
 * they do). Every round must end with exactly one Condo container running and supervising the same
 * state, no helper left, and the supervised container never restarted; and at no instant may two
 * Condo containers run.
 */
public final class SelfDeployKillFault implements FaultScenario {

  static final Duration SETTLE = Duration.ofSeconds(180);
  private static final String[] VICTIMS = {"old", "helper", "new"};

  private final int rounds;
  private final long seed;

  public SelfDeployKillFault(int rounds, long seed) {
    this.rounds = rounds;
    this.seed = seed;
  }

  @Override
  public String name() {
    return "self-deploy kill -9";
  }

  @Override
  public String injected() {
    return rounds + " self-deploys, each with kill -9 of the old Condo, the helper or the new one at a random moment";
  }

  @Override
  public Ledger run(Lab lab) throws Exception {
    Ledger ledger = new Ledger(name());
    DockerProbe docker = DockerProbe.get();
    String image = CondoImage.build();
    Path specs = lab.dir("self-deploy-kill");
    String web = CondoTestBase.unique("web");
    CondoTestBase.writeSpec(specs, web, CondoTestBase.spec(CondoTestBase.GOOD_1, "[:Before]"));
    int port = CondoProcess.freePort();
    String name = CondoTestBase.unique("condo-self-kill");
    lab.removeOnClose(CondoImage.runCondo(image, name, specs, port));
    JsonObject first = awaitServing(port, web, s -> "Stable".equals(service(s, web).getString("state")));
    String instance = first.getString("instance");
    lab.removeInstanceOnClose(instance);
    String served = service(first, web).getJsonObject("current").getString("id");
    String startedAt = docker.startedAt(served);
    Random random = new Random(seed);
    List<String> together = new ArrayList<>();
    AtomicBoolean watching = new AtomicBoolean(true);
    Thread watcher = new Thread(() -> {
      while (watching.get()) {
        List<String> running = condos(image, false);
        if (running.size() > 1) {
          together.add(String.join(",", running));
        }
        sample();
      }
    }, "two-condos-watch");
    watcher.setDaemon(true);
    watcher.start();
    try {
      for (int round = 1; round <= rounds; round++) {
        Files.writeString(specs.resolve("self.edn"), CondoImage.selfEdn(image, specs, port, round, ""));
        KillLoopFault.pace(random.nextInt(8000));
        String victim = VICTIMS[random.nextInt(VICTIMS.length)];
        String id = find(image, name, victim);
        if (id == null) {
          id = condos(image, false).stream().findFirst().orElse(null);
          victim = "the Condo running (no " + victim + " at that moment)";
        }
        if (id != null) {
          crash(docker, id);
          ledger.fault();
          ledger.note("round " + round + ": killed " + victim);
        } else {
          ledger.note("round " + round + ": no Condo running at that moment, nothing killed");
        }
        int r = round;
        ledger.checkAwaited("round " + r + ": not exactly one Condo supervising within " + SETTLE.toSeconds() + " s",
            () -> Await.until("one Condo, no helper, serving", SETTLE, () -> settled(image, port, specs),
                s -> s != null));
        JsonObject now = state(port);
        ledger.checkEquals(instance, now == null ? null : now.getString("instance"), "round " + r + ": the same state");
        ledger.check(docker.exists(served) && startedAt.equals(docker.startedAt(served)),
            "round " + r + ": the supervised container was replaced or restarted");
      }
    } finally {
      watching.set(false);
      watcher.join();
      // Every Condo container of the run, whatever name the hand-overs left it with.
      docker.list("name", name, true).forEach(c -> lab.removeOnClose(c.getString("Id")));
    }
    ledger.check(together.isEmpty(), "two Condo containers ran at once: " + together);
    return ledger;
  }

  /**
   * A crash: SIGKILL to the container's process from the host, as the kernel's OOM killer or a
   * kill -9 would. (Docker's own kill counts as an operator's stop: restart policies then hold back.)
   */
  private static void crash(DockerProbe docker, String id) throws Exception {
    Integer pid = docker.inspect(id).getJsonObject("State").getInteger("Pid");
    if (pid != null && pid > 0) {
      new ProcessBuilder("kill", "-9", String.valueOf(pid)).inheritIO().start().waitFor();
    }
  }

  /** The watch's sampling interval (it looks, it waits for nothing). */
  private static void sample() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A description of the settled fleet of one, or null while it is not. */
  private static String settled(String image, int port, Path specs) {
    List<String> condos = condos(image, false);
    JsonObject state = state(port);
    boolean ok = condos.size() == 1 && condos(image, true).isEmpty() && state != null
        && "running".equals(state.getJsonObject("self").getString("state"))
        && !Files.exists(specs.resolve("state.handover"));
    return ok ? condos.get(0) : null;
  }

  /** Running Condo containers of the image: the helpers, or the others (the old one put back has no role). */
  private static List<String> condos(String image, boolean helpers) {
    try {
      return DockerProbe.get().list("ancestor", image, false).stream()
          .filter(c -> "handover".equals(role(c)) == helpers).map(c -> c.getString("Id")).toList();
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  private static String role(JsonObject container) {
    JsonObject labels = container.getJsonObject("Labels");
    return labels == null ? null : labels.getString("condo.self");
  }

  private static String find(String image, String name, String victim) {
    if (victim.equals("helper")) {
      return condos(image, true).stream().findFirst().orElse(null);
    }
    String wanted = victim.equals("old") ? "/" + name : "/" + name + "-next-";
    return DockerProbe.get().list("ancestor", image, false).stream()
        .filter(c -> c.getJsonArray("Names").stream().map(String::valueOf)
            .anyMatch(n -> victim.equals("old") ? n.equals(wanted) : n.startsWith(wanted)))
        .map(c -> c.getString("Id")).findFirst().orElse(null);
  }

  private static JsonObject awaitServing(int port, String web, java.util.function.Predicate<JsonObject> done) {
    return Await.until("Condo to serve", SETTLE, () -> state(port), s -> s != null && done.test(s));
  }

  private static JsonObject service(JsonObject state, String web) {
    JsonObject s = state.getJsonObject("services").getJsonObject(web);
    return s == null ? new JsonObject() : s;
  }

  private static JsonObject state(int port) {
    try {
      return new JsonObject(TestHttp.get("http://127.0.0.1:" + port + "/v1/state").body());
    } catch (RuntimeException notServing) {
      return null;
    }
  }
}
