package io.condo.it.faults;

import io.condo.it.harness.Await;
import io.condo.it.harness.CondoProcess;
import io.condo.it.harness.CondoTestBase;
import io.condo.it.harness.DockerProbe;
import io.condo.it.harness.Lab;
import io.condo.persist.StateFile;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * kill -9 at random moments while Condo rolls back and replaces on its own: each round writes a
 * new never-healthy version of two services (one [:Before], one [:After 0], both
 * {@code [:Rollback 2]}) while a third service's container is made unhealthy again and again
 * ({@code [:Replace 1]}). Throughout, no service ever has two healthy containers; after each
 * restart the rolled-back services come back to their last good spec, and a spec Condo rolled back
 * from is never created again while its file is unchanged.
 */
public final class HealingKillFault implements FaultScenario {

  static final Duration SETTLE = Duration.ofSeconds(60);
  /** Fails its health check while /tmp/sick exists. */
  static final String SICK_CHECK = ":Healthcheck {:Test [\"CMD\" \"sh\" \"-c\" \"test ! -e /tmp/sick\"]"
      + " :Interval 300000000 :Retries 1}";

  private final int rounds;
  private final long seed;

  public HealingKillFault(int rounds, long seed) {
    this.rounds = rounds;
    this.seed = seed;
  }

  @Override
  public String name() {
    return "kill -9 while healing";
  }

  @Override
  public String injected() {
    return rounds + " kill -9 at random moments during rollbacks ([:Before], [:After 0]) and unhealthy replacements";
  }

  @Override
  public Ledger run(Lab lab) throws Exception {
    Ledger ledger = new Ledger(name());
    DockerProbe docker = DockerProbe.get();
    Path specs = lab.dir("healing");
    Random moments = new Random(seed);
    Map<String, String> rollers = new LinkedHashMap<>();
    rollers.put(CondoTestBase.unique("rb-before"), "[:Before]");
    rollers.put(CondoTestBase.unique("rb-after"), "[:After 0]");
    String sick = CondoTestBase.unique("sick");
    for (Map.Entry<String, String> roller : rollers.entrySet()) {
      Files.writeString(specs.resolve(roller.getKey() + ".edn"), good(roller.getValue()));
    }
    Files.writeString(specs.resolve(sick + ".edn"), "{:spec {:Image \"" + CondoTestBase.GOOD_1
        + "\" :HostConfig {:Init true} " + SICK_CHECK + "}\n :stop-timeout 1 :on-unhealthy [:Replace 1]}\n");
    CondoProcess condo = lab.condo(specs).start();
    for (String service : rollers.keySet()) {
      ledger.checkAwaited(service + " never became Stable", () -> condo.awaitState(service, "Stable", SETTLE));
    }
    AtomicBoolean running = new AtomicBoolean(true);
    Queue<String> doubles = new ConcurrentLinkedQueue<>();
    AtomicLong looks = new AtomicLong();
    Thread watcher = new Thread(() -> watch(docker, sick, List.copyOf(rollers.keySet()), running, doubles, looks),
        "healing-watch");
    watcher.start();
    try {
      List<String> rolledBack = new java.util.ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        int r = round;
        for (Map.Entry<String, String> roller : rollers.entrySet()) {
          Files.writeString(specs.resolve(roller.getKey() + ".edn"), bad(roller.getValue(), round));
        }
        rolledBack.clear();
        KillLoopFault.pace(moments.nextInt(6000));
        condo.kill9();
        ledger.fault();
        ledger.check(whole(condo.stateFile()), "round " + r + ": the state file is torn");
        condo.start();
        for (String service : rollers.keySet()) {
          boolean back = ledger.checkAwaited("round " + r + ": " + service + " not back on its last good spec",
              () -> condo.awaitService(service, "rolled back to good:1", SETTLE,
                  s -> "Stable".equals(s.getString("state")) && s.getJsonObject("rolled_back") != null
                      && CondoTestBase.GOOD_1.equals(s.getJsonObject("current").getString("image"))));
          if (back) {
            rolledBack.add(service);
          }
        }
        long rolledAt = DockerProbe.nowNanos();
        // One more kill on the rolled-back state: the failed spec must not come back.
        condo.kill9();
        ledger.fault();
        condo.start();
        // Docker keeps its last 256 events only (health probes fill it fast): looks cover a short span.
        Await.holdsFor("round " + r + ": the rolled-back specs stay rolled back", Duration.ofSeconds(3),
            () -> rolledBack.stream().allMatch(service -> !triesBad(docker, service, rolledAt)));
        rolledBack.forEach(service -> ledger.check(!triesBad(docker, service, rolledAt),
            "round " + r + ": " + service + " tried the spec it rolled back from again after kill -9"));
      }
    } catch (AssertionError e) {
      ledger.check(false, e.getMessage());
    } finally {
      running.set(false);
      watcher.join();
    }
    ledger.check(doubles.isEmpty(), "two healthy containers of one service: " + doubles);
    ledger.note(looks.get() + " looks at every service's containers");
    return ledger;
  }

  /**
   * Until stopped: makes the sick service's container unhealthy again and again, and checks that
   * no service ever has two healthy containers at once.
   */
  private static void watch(DockerProbe docker, String sick, List<String> rollers, AtomicBoolean running,
                            Queue<String> doubles, AtomicLong looks) {
    long nextSickness = 0;
    while (running.get()) {
      try {
        for (String service : concat(rollers, sick)) {
          long healthy = docker.containers(CondoTestBase.serviceLabel(service)).stream()
              .filter(c -> String.valueOf(c.getString("Status")).contains("(healthy)")).count();
          if (healthy > 1) {
            doubles.add(service + " had " + healthy + " healthy containers at once");
          }
        }
        if (System.nanoTime() > nextSickness) {
          docker.runningIds(CondoTestBase.serviceLabel(sick)).forEach(id -> docker.exec(id, "touch", "/tmp/sick"));
          nextSickness = System.nanoTime() + 3_000_000_000L;
        }
        looks.incrementAndGet();
        KillLoopFault.pace(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        // A container removed between the list and the exec: the next look sees the new one.
      }
    }
  }

  private static List<String> concat(List<String> rollers, String sick) {
    List<String> all = new java.util.ArrayList<>(rollers);
    all.add(sick);
    return all;
  }

  private static String good(String deploy) {
    return "{:spec {:Image \"" + CondoTestBase.GOOD_1 + "\" :HostConfig {:Init true} " + CondoTestBase.QUICK_HEALTH
        + "}\n :deploy " + deploy + " :stop-timeout 1 :on-failure [:Rollback 2]}\n";
  }

  /** bad:1 never turns healthy; the round in its environment makes each round's file a new spec. */
  private static String bad(String deploy, int round) {
    return "{:spec {:Image \"" + CondoTestBase.BAD + "\" :Env [\"ROUND=" + round + "\"] :HostConfig {:Init true}}\n"
        + " :deploy " + deploy + " :stop-timeout 1 :health-timeout 30 :on-failure [:Rollback 2]}\n";
  }

  /** Whether the service has a bad:1 container, or Docker made one since {@code since}. */
  private static boolean triesBad(DockerProbe docker, String service, long since) {
    String label = CondoTestBase.serviceLabel(service);
    return docker.containers(label).stream().anyMatch(c -> CondoTestBase.BAD.equals(c.getString("Image")))
        || docker.events(label, since).stream().anyMatch(e -> "create".equals(e.getString("Action"))
            && CondoTestBase.BAD.equals(attribute(e, "image")));
  }

  private static String attribute(JsonObject event, String name) {
    return event.getJsonObject("Actor").getJsonObject("Attributes").getString(name);
  }

  private static boolean whole(Path stateFile) {
    try {
      StateFile.parse(Files.readAllBytes(stateFile));
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
