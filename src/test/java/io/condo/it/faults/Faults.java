package io.condo.it.faults;

import io.condo.it.harness.Lab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fault-injection run: every scenario against real Condo processes and the real Docker
 * engine, one row each (faults injected, checks made, violations), printed and written to
 * {@code docs/reliability.md}. Run by {@code faults/run [--quick] [scenario…]}; exits 1 when any
 * check was violated. The CI suite runs the same scenarios smaller ({@code FaultsIT}).
 */
public final class Faults {

  private Faults() {
  }

  /** How much of each fault: the CI suite's, {@code --quick}'s, or the full run's. */
  public enum Size {
    CI, QUICK, FULL;

    public int pick(int ci, int quick, int full) {
      return this == CI ? ci : this == QUICK ? quick : full;
    }
  }

  /** The scenarios by their command-line name; smaller runs are smaller, never different. */
  public static Map<String, FaultScenario> scenarios(Size size) {
    Map<String, FaultScenario> all = new LinkedHashMap<>();
    all.put("kill9", new KillLoopFault(size.pick(10, 10, 12), size.pick(6, 15, 60), 42));
    all.put("dockerd", new DockerdRestartFault(size.pick(6, 6, 10), size.pick(1, 1, 3), 7));
    all.put("storage", new StorageFault());
    all.put("corpus", new BadInputFault());
    all.put("http", new HttpAbuseFault());
    // The suite's run is lighter: on two busy cores the test's own JVM could not always send 200 a second.
    all.put("load", new LoadFault(java.time.Duration.ofSeconds(size.pick(15, 20, 60)), size.pick(100, 200, 200)));
    all.put("fleet", new FleetFault());
    all.put("freeze", new FreezeFault(size.pick(4, 6, 8), size.pick(2, 6, 12), size.pick(1, 2, 3)));
    all.put("self", new SelfDeployKillFault(size.pick(3, 4, 10), 11));
    all.put("healing", new HealingKillFault(size.pick(2, 4, 10), 19));
    return all;
  }

  public static void main(String[] args) throws Exception {
    boolean quick = List.of(args).contains("--quick");
    List<String> only = List.of(args).stream().filter(a -> !a.startsWith("--")).toList();
    Map<String, FaultScenario> scenarios = scenarios(quick ? Size.QUICK : Size.FULL);
    for (String name : only) {
      if (!scenarios.containsKey(name)) {
        throw new IllegalArgumentException("no scenario " + name + "; there are " + scenarios.keySet());
      }
    }
    Path work = Files.createTempDirectory("condo-faults");
    List<String[]> rows = new ArrayList<>();
    List<String> violations = new ArrayList<>();
    for (Map.Entry<String, FaultScenario> entry : scenarios.entrySet()) {
      if (!only.isEmpty() && !only.contains(entry.getKey())) {
        continue;
      }
      FaultScenario scenario = entry.getValue();
      System.out.println("== " + scenario.name() + ": " + scenario.injected());
      long start = System.nanoTime();
      Ledger ledger;
      try (Lab lab = new Lab(Files.createDirectories(work.resolve(entry.getKey())))) {
        ledger = scenario.run(lab);
      }
      long seconds = (System.nanoTime() - start) / 1_000_000_000L;
      rows.add(new String[] {scenario.name(), scenario.injected(), String.valueOf(ledger.faults()),
          String.valueOf(ledger.checks()), String.valueOf(ledger.violations().size()), ledger.notes(), seconds + " s"});
      ledger.violations().forEach(v -> violations.add(scenario.name() + ": " + v));
    }
    StringBuilder table = new StringBuilder("| scenario | injected | faults | checks | violations | measured | took |\n"
        + "|---|---|---|---|---|---|---|\n");
    rows.forEach(row -> table.append("| ").append(String.join(" | ", row)).append(" |\n"));
    System.out.println();
    System.out.print(table);
    violations.forEach(v -> System.out.println("VIOLATION " + v));
    if (only.isEmpty()) {
      String doc = "# Reliability\n\n" + (quick ? "A quick run (`faults/run --quick`)" : "A full run (`faults/run`)")
          + " on " + LocalDate.now() + ", " + Runtime.getRuntime().availableProcessors() + " cores, Java "
          + System.getProperty("java.version") + ".\n\n" + table + "\n"
          + (violations.isEmpty() ? "No violations.\n" : "Violations:\n\n- " + String.join("\n- ", violations) + "\n")
          + "\n" + Files.readString(Path.of("faults/NOTES.md"));
      Files.createDirectories(Path.of("docs"));
      Files.writeString(Path.of("docs/reliability.md"), doc);
      System.out.println("\nwritten to docs/reliability.md");
    }
    System.exit(violations.isEmpty() ? 0 : 1);
  }
}
