package io.condo.it.faults;

import io.condo.it.harness.CondoTestBase;
import io.condo.it.harness.Lab;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fault-injection scenarios of {@code faults/run}, smaller, in the test suite: each must
 * inject its faults, make its checks and find no violation.
 */
class FaultsIT {

  @TempDir
  Path dir;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"kill9", "dockerd", "storage", "corpus", "http", "load", "fleet", "freeze", "self", "healing"})
  void noViolations(String name) throws Exception {
    String only = System.getProperty("faults.only", "");
    org.junit.jupiter.api.Assumptions.assumeTrue(only.isEmpty() || List.of(only.split(",")).contains(name),
        "-Dfaults.only=" + only);
    CondoTestBase.imagesExist();
    FaultScenario scenario = Faults.scenarios(Faults.Size.CI).get(name);
    Ledger ledger;
    try (Lab lab = new Lab(dir)) {
      ledger = scenario.run(lab);
    }
    System.out.printf("%s: %d faults, %d checks, %d violations; %s%n", scenario.name(), ledger.faults(),
        ledger.checks(), ledger.violations().size(), ledger.notes());
    // Every check counts an outcome (none is bookkeeping): a scenario that injected nothing (say,
    // one that skipped itself), or injected more faults than it judged, proves nothing.
    assertTrue(ledger.faults() > 0, scenario.name() + " injected no fault");
    assertTrue(ledger.checks() >= ledger.faults(), scenario.name() + " made " + ledger.checks()
        + " checks for " + ledger.faults() + " faults");
    assertEquals(List.of(), ledger.violations(), scenario.name());
  }
}
