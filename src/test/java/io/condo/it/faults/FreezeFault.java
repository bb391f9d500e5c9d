package io.condo.it.faults;

import io.condo.it.bench.Benchmarks;
import io.condo.it.harness.Await;
import io.condo.it.harness.Lab;
import io.condo.it.harness.ProcessFleet;
import java.time.Duration;
import java.util.Locale;

/**
 * Frozen members, on a fleet of real Condo processes on loopback (secret, TLS): one host stopped
 * with SIGSTOP past failure detection, another briefly, while others redeploy; then both resumed.
 * Every instance must show every instance exactly as it shows itself within 10 s of the thaw.
 */
public final class FreezeFault implements FaultScenario {

  static final Duration AGREE = Duration.ofSeconds(10);

  private final int hosts;
  private final int services;
  private final int rounds;

  public FreezeFault(int hosts, int services, int rounds) {
    this.hosts = hosts;
    this.services = services;
    this.rounds = rounds;
  }

  @Override
  public String name() {
    return "frozen members";
  }

  @Override
  public String injected() {
    return hosts + " Condo processes × " + services + " services: SIGSTOP of one for 20 s and another for 2 s while "
        + "others redeploy, " + rounds + " rounds";
  }

  @Override
  public Ledger run(Lab lab) throws Exception {
    Ledger ledger = new Ledger(name());
    ProcessFleet fleet = ProcessFleet.start(lab, hosts, services,
        (service, v) -> Benchmarks.spec(Benchmarks.IMAGE, v, "[:After 0]"));
    fleet.awaitAllStable(Duration.ofMinutes(4));
    StringBuilder took = new StringBuilder();
    int version = 1;
    for (int round = 0; round < rounds; round++) {
      int frozen = hosts - 1 - round % (hosts - 2);
      int brief = (frozen + hosts - 1) % hosts;
      fleet.freeze(frozen);
      ledger.fault();
      Await.holdsFor("a host frozen past failure detection", Duration.ofSeconds(2), () -> true);
      fleet.freeze(brief);
      ledger.fault();
      fleet.write(0, round % services, Benchmarks.spec(Benchmarks.IMAGE_2, version++, "[:After 0]"));
      Await.holdsFor("a second host frozen briefly", Duration.ofSeconds(2), () -> true);
      fleet.thaw(brief);
      fleet.write(1 % hosts, round % services, Benchmarks.spec(Benchmarks.IMAGE_2, version++, "[:After 0]"));
      Await.holdsFor("the first host still frozen", Duration.ofSeconds(16), () -> true);
      fleet.thaw(frozen);
      long thawed = System.nanoTime();
      boolean agreed = ledger.checkAwaited("views did not agree within " + AGREE.toSeconds() + " s of the thaw (round "
          + round + ", host-" + frozen + " frozen)", () -> Await.until("every view to agree", AGREE, fleet::viewsAgree));
      took.append(agreed ? String.format(Locale.ROOT, "%.1f s ", (System.nanoTime() - thawed) / 1e9) : "late ");
      ledger.check(fleet.condos().stream().allMatch(c -> c.isAlive()), "every Condo still runs after round " + round);
      // The next round starts from a settled fleet.
      Await.until("the fleet settled", Duration.ofMinutes(2), fleet::viewsAgree);
    }
    ledger.note("views agreed after each thaw in " + took.toString().trim());
    return ledger;
  }
}
