package io.condo.it.faults;

import io.condo.it.harness.Await;
import io.condo.it.harness.CondoProcess;
import io.condo.it.harness.CondoTestBase;
import io.condo.it.harness.DockerProbe;
import io.condo.it.harness.Lab;
import io.condo.it.harness.LocalDockerd;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * dockerd restarted while deploys are under way, with live-restore off (every container stops
 * with it) and on (containers keep running). Condo must notice, follow Docker's events again and
 * settle on its files; with live-restore, a container not being deployed must not be restarted.
 */
public final class DockerdRestartFault implements FaultScenario {

  private final int services;
  private final int restartsPerMode;
  private final long seed;

  public DockerdRestartFault(int services, int restartsPerMode, long seed) {
    this.services = services;
    this.restartsPerMode = restartsPerMode;
    this.seed = seed;
  }

  @Override
  public String name() {
    return "dockerd restart";
  }

  @Override
  public String injected() {
    return restartsPerMode + " restarts with live-restore off and " + restartsPerMode + " on, during deploys of "
        + services / 2 + " of " + services + " services";
  }

  @Override
  public Ledger run(Lab lab) throws Exception {
    Ledger ledger = new Ledger(name());
    Optional<LocalDockerd> found = LocalDockerd.find();
    if (found.isEmpty()) {
      ledger.note("skipped: no local dockerd to restart");
      return ledger;
    }
    LocalDockerd dockerd = found.get();
    try {
      for (boolean liveRestore : new boolean[] {false, true}) {
        dockerd.restart(liveRestore);
        run(lab, dockerd, liveRestore, ledger);
      }
    } finally {
      dockerd.restore();
    }
    return ledger;
  }

  private void run(Lab lab, LocalDockerd dockerd, boolean liveRestore, Ledger ledger) throws Exception {
    DockerProbe docker = DockerProbe.get();
    Random random = new Random(seed);
    String mode = liveRestore ? "live-restore on" : "live-restore off";
    Path specs = lab.dir("dockerd-" + (liveRestore ? "live" : "plain"));
    for (int i = 0; i < services; i++) {
      Files.writeString(specs.resolve("svc" + i + ".edn"), Churn.spec(Churn.GOOD_1, "[:Before]", 0));
    }
    CondoProcess condo = lab.condo(specs).start();
    Settlement settlement = new Settlement(condo, specs);
    KillLoopFault.awaitSettled(settlement, ledger, mode + ", before any restart");
    double slowest = 0;
    for (int r = 1; r <= restartsPerMode; r++) {
      String when = mode + ", restart " + r;
      int deployed = services / 2;
      Map<String, String> untouched = new HashMap<>();
      for (int i = 0; i < services; i++) {
        String service = "svc" + i;
        if (i < deployed) {
          String image = r % 2 == 1 ? Churn.GOOD_2 : Churn.GOOD_1;
          Files.writeString(specs.resolve(service + ".edn"),
              Churn.spec(image, i % 2 == 0 ? "[:Before]" : "[:After 0]", r));
        } else {
          String id = CondoTestBase.id(condo.service(service), "current");
          untouched.put(service, id + "@" + docker.startedAt(id));
        }
      }
      KillLoopFault.pace(random.nextInt(800));
      dockerd.restart(liveRestore);
      long back = System.nanoTime();
      ledger.fault();
      // While dockerd is down a removal cannot happen, so a service may hold a third container
      // for a moment; once settled, exactly what the state names must remain.
      KillLoopFault.awaitSettled(settlement, ledger, when, false);
      // At rest may still be TryAgain for a container that died with dockerd; every image here works.
      ledger.checkAwaited(when + ": not every service Stable again within 60 s",
          () -> Await.until("every service Stable again", Duration.ofSeconds(60), () -> allStable(condo)));
      KillLoopFault.awaitSettled(settlement, ledger, when + ", all Stable", false);
      slowest = Math.max(slowest, (System.nanoTime() - back) / 1e9);
      if (liveRestore) {
        untouched.forEach((service, before) -> {
          String id = before.substring(0, before.indexOf('@'));
          ledger.checkEquals(before, CondoTestBase.id(condo.service(service), "current") + "@" + docker.startedAt(id),
              when + ": " + service + " (not being deployed) kept its running container");
        });
      }
      // Condo follows Docker's events again: a container killed now is noticed and replaced.
      String victim = CondoTestBase.id(condo.service("svc" + (services - 1)), "current");
      docker.kill(victim);
      ledger.fault();
      ledger.checkAwaited(when + ": a container killed after the restart was not replaced within 20 s",
          () -> condo.awaitService("svc" + (services - 1), "replaced", Duration.ofSeconds(20), s -> "Stable".equals(
              s.getString("state")) && !victim.equals(CondoTestBase.id(s, "current"))));
    }
    ledger.note(String.format(java.util.Locale.ROOT, "%s: settled ≤ %.1f s after dockerd answered", mode, slowest));
    lab.discard(condo);
  }

  private boolean allStable(CondoProcess condo) {
    JsonObject services = condo.state().getJsonObject("services");
    return services.size() == this.services && services.fieldNames().stream()
        .allMatch(s -> "Stable".equals(services.getJsonObject(s).getString("state")));
  }
}
