package io.condo.it.faults;

import io.condo.it.harness.Await;
import io.condo.it.harness.CondoProcess;
import io.condo.it.harness.CondoTestBase;
import io.condo.it.harness.DockerProbe;
import io.condo.it.harness.Lab;
import io.condo.fsm.Container;
import io.condo.bus.PersistedState;
import io.condo.persist.StateFile;
import io.condo.spec.ServiceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * kill -9 at random moments during continuous churn. After each restart Condo must settle (state
 * equals Docker, no orphans, never more than two containers for a service), its state file must
 * always be whole, and a container that served before the kill on the spec its file still holds
 * must be the same container, never restarted.
 */
public final class KillLoopFault implements FaultScenario {

  public static final Duration SETTLE = Duration.ofSeconds(90);

  private final int services;
  private final int kills;
  private final long seed;

  public KillLoopFault(int services, int kills, long seed) {
    this.services = services;
    this.kills = kills;
    this.seed = seed;
  }

  @Override
  public String name() {
    return "kill -9 loop";
  }

  @Override
  public String injected() {
    return kills + " kill -9 at random moments during churn over " + services + " services; a stray container every 5th";
  }

  @Override
  public Ledger run(Lab lab) throws Exception {
    Ledger ledger = new Ledger(name());
    DockerProbe docker = DockerProbe.get();
    Path specs = lab.dir("kill-loop");
    Random moments = new Random(seed);
    try (Churn churn = new Churn(specs, services, seed)) {
      churn.writeAll();
      CondoProcess condo = lab.condo(specs).start();
      Settlement settlement = new Settlement(condo, specs);
      churn.start();
      for (int k = 1; k <= kills; k++) {
        pace(moments.nextInt(1500));
        condo.kill9();
        ledger.fault();
        churn.pause();
        try {
          if (moments.nextInt(3) == 0) {
            churn.step(); // an edit while Condo is down
          }
          PersistedState persisted = readWhole(condo.stateFile(), ledger, k);
          if (k % 5 == 0) {
            strayContainer(docker, persisted.instanceId(), moments.nextInt(services));
            ledger.fault();
          }
          Map<String, String> servedBefore = servedOnUnchangedSpec(persisted, settlement.specsOnDisk(), docker);
          condo.start();
          awaitSettled(settlement, ledger, "after kill " + k);
          PersistedState after = StateFile.parse(Files.readAllBytes(condo.stateFile()));
          int kill = k;
          servedBefore.forEach((service, idAndStart) -> {
            String id = idAndStart.substring(0, idAndStart.indexOf('@'));
            PersistedState.ServiceRecord now = after.services().get(service);
            List<Container> serving = now == null ? List.of() : Settlement.serving(now.snapshot());
            boolean same = serving.stream().anyMatch(c -> id.equals(c.id()))
                && idAndStart.equals(id + "@" + docker.startedAt(id));
            ledger.check(same, "kill " + kill + ": " + service + " served by " + id.substring(0, 12)
                + " on the spec its file still holds, but it was replaced or restarted");
          });
        } finally {
          churn.resume();
        }
      }
      churn.close();
      awaitSettled(settlement, ledger, "at the end");
      ledger.note(churn.edits() + " edits");
    }
    return ledger;
  }

  /**
   * A container of this instance the state does not know, as a create whose answer was lost to
   * the kill leaves behind: Condo must remove it.
   */
  private static void strayContainer(DockerProbe docker, String instance, int service) {
    io.vertx.core.json.JsonObject labels = new io.vertx.core.json.JsonObject().put("condo.instance", instance)
        .put("condo.service", "svc" + service).put("condo.key", CondoTestBase.unique("svc" + service));
    docker.createAndStart(labels.getString("condo.key"), new io.vertx.core.json.JsonObject()
        .put("Image", Churn.GOOD_1).put("Labels", labels).put("HostConfig", new io.vertx.core.json.JsonObject()
            .put("Init", true)));
  }

  /** The state file as the killed process left it: must parse, and nothing may have been set aside. */
  private static PersistedState readWhole(Path stateFile, Ledger ledger, int kill) throws Exception {
    try (Stream<Path> siblings = Files.list(stateFile.getParent())) {
      ledger.check(siblings.noneMatch(p -> p.getFileName().toString().contains(".unreadable-")),
          "kill " + kill + ": a state file was set aside as unreadable");
    }
    byte[] left = Files.readAllBytes(stateFile);
    String torn = null;
    try {
      StateFile.parse(left);
    } catch (java.io.IOException e) {
      torn = e.getMessage();
    }
    ledger.check(torn == null, "kill " + kill + ": the state file is torn: " + torn);
    return StateFile.parse(left);
  }

  /** Service → "id@StartedAt" of each container serving on the very spec its file still holds. */
  private static Map<String, String> servedOnUnchangedSpec(PersistedState persisted, Map<String, ServiceSpec> disk,
                                                           DockerProbe docker) {
    Map<String, String> served = new HashMap<>();
    persisted.services().forEach((service, record) -> {
      ServiceSpec wanted = disk.get(service);
      for (Container c : Settlement.serving(record.snapshot())) {
        if (wanted != null && c.spec().sameBodyAs(wanted) && c.id() != null && docker.exists(c.id())) {
          served.put(service, c.id() + "@" + docker.startedAt(c.id()));
        }
      }
    });
    return served;
  }

  public static void awaitSettled(Settlement settlement, Ledger ledger, String when) {
    awaitSettled(settlement, ledger, when, true);
  }

  /**
   * Waits for the instance to settle; with {@code countAlways} every sample on the way must show at
   * most two containers per service, which holds whenever Docker carries out removals.
   */
  public static void awaitSettled(Settlement settlement, Ledger ledger, String when, boolean countAlways) {
    Settlement.Verdict[] last = new Settlement.Verdict[1];
    String unsettled = null;
    try {
      Await.until("Condo to settle " + when, SETTLE, () -> {
        try {
          last[0] = settlement.judge();
        } catch (java.io.IOException e) {
          throw new IllegalStateException(e);
        }
        if (countAlways) {
          last[0].tooMany().forEach(v -> ledger.check(false, when + ": " + v));
        }
        return last[0].settled();
      });
    } catch (AssertionError e) {
      unsettled = last[0] == null ? e.getMessage() : String.valueOf(last[0].differences());
    }
    ledger.check(unsettled == null, "not settled within " + SETTLE.toSeconds() + " s " + when + ": " + unsettled);
  }

  /** When the next fault strikes: the randomness of the moment is the point, not a wait. */
  public static void pace(long millis) throws InterruptedException {
    Thread.sleep(millis);
  }
}
