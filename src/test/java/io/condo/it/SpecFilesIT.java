package io.condo.it;

import io.condo.it.harness.Await;
import io.condo.it.harness.CondoProcess;
import io.condo.it.harness.CondoTestBase;
import io.condo.it.harness.DockerProbe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** SPEC §1 against real files, inotify and a real dockerd. */
class SpecFilesIT extends CondoTestBase {

  static final Duration T = Duration.ofSeconds(40);

  @Test
  void twoPrefixesWorkTogetherWithoutChurnAndAConflictIsNotDeployed() throws Exception {
    Path a = prefix("a");
    Path b = prefix("b");
    String x = unique("x");
    String y = unique("y");
    String both = unique("both");
    writeSpec(a, x, spec(GOOD_1, "[:Before]"));
    writeSpec(b, y, spec(GOOD_1, "[:Before]"));
    writeSpec(a, both, spec(GOOD_1, "[:Before]"));
    writeSpec(b, both, spec(GOOD_2, "[:Before]"));
    CondoProcess condo = condo(a, b).start();
    String xId = id(condo.awaitState(x, "Stable", T), "current");
    String yId = id(condo.awaitState(y, "Stable", T), "current");
    JsonObject winner = condo.awaitState(both, "Stable", T);
    assertEquals(GOOD_1, winner.getJsonObject("current").getString("image"), "the first prefix wins");
    assertEquals(a.resolve(both + ".edn").toString(), winner.getString("file"));
    assertTrue(condo.logText().contains(b.resolve(both + ".edn") + ": service " + both + " is already defined by"),
        "the conflict is reported");
    long since = DockerProbe.nowNanos();

    // Absence of churn can only be observed over a window: three re-list periods of 1 s.
    Await.holdsFor("no Docker work for the services of two prefixes", Duration.ofMillis(3200),
        () -> List.of(x, y, both).stream().allMatch(service -> docker.events(serviceLabel(service), since).isEmpty()));
    for (String service : List.of(x, y, both)) {
      assertEquals(1, docker.containers(serviceLabel(service)).size());
    }
    assertEquals(xId, id(condo.service(x), "current"));
    assertEquals(yId, id(condo.service(y), "current"));
  }

  @Test
  void writeToTempThenRenameIsExactlyOneDeployAndEditorFilesAreIgnored() throws Exception {
    Path specs = prefix("specs");
    CondoProcess condo = condo(specs).start();
    String web = unique("web");
    long since = DockerProbe.nowNanos();
    for (String ignored : List.of(".#" + web + ".edn", web + ".edn~", web + ".edn.swp", "." + web + ".edn",
        web + ".edn.ctmpl", "self.edn")) {
      Files.writeString(specs.resolve(ignored), spec(GOOD_2, "[:Before]"));
    }
    renameSpecIntoPlace(specs, web, spec(GOOD_1, "[:Before]"));
    JsonObject stable = condo.awaitState(web, "Stable", T);
    assertEquals(GOOD_1, stable.getJsonObject("current").getString("image"));
    assertEquals(Set.of(web), condo.state().getJsonObject("services").fieldNames());
    assertEquals(1, creates(web, since));

    renameSpecIntoPlace(specs, web, spec(GOOD_2, "[:Before]"));
    condo.awaitStableOn(web, GOOD_2, T);
    assertEquals(2, creates(web, since));
  }

  @Test
  void brokenFileIsReportedWithItsLineAndTouchesNothing() throws Exception {
    Deployed deployed = deployGood1("web");
    Path file = deployed.file();
    String web = deployed.service();
    CondoProcess condo = deployed.condo();
    String v1 = deployed.container();
    long since = DockerProbe.nowNanos();

    Files.writeString(file, "{:spec {:Image \"" + GOOD_2 + "\"\n        :Cmd [\"sleep\" \"1\"\n :deploy [:Before]}\n");
    JsonObject broken = condo.awaitService(web, "showing the file's error", T, s -> s.getString("error") != null);
    assertTrue(broken.getString("error").startsWith(file + ":"), broken.getString("error"));
    assertTrue(broken.getString("error").contains("invalid EDN"), broken.getString("error"));
    assertEquals("Stable", broken.getString("state"));
    assertEquals(v1, id(broken, "current"));
    assertEquals(List.of(v1), docker.runningIds(serviceLabel(web)));
    assertTrue(docker.events(serviceLabel(web), since).isEmpty(), "nothing was touched");

    Files.writeString(file, "{:spec {:Image \"" + GOOD_2 + "\"}\n :health_timeout 5}\n");
    JsonObject unknownKey = condo.awaitService(web, "reporting the unknown key", T,
        s -> s.getString("error") != null && s.getString("error").contains(":health_timeout"));
    assertTrue(unknownKey.getString("error").startsWith(file + ":2:2: unknown key"), unknownKey.getString("error"));
    assertEquals(1, countOccurrences(condo.logText(), "unknown key :health_timeout"), "said once, not every re-list");
    assertCheckSaysWhatCondoSays(file, unknownKey.getString("error"));

    Files.writeString(file, spec(GOOD_2, "[:Before]"));
    JsonObject fixed = condo.awaitStableOn(web, GOOD_2, T);
    assertNull(fixed.getString("error"));
    HttpAndCliIT.Result valid = HttpAndCliIT.condoCli("check", file.getParent().toString());
    assertEquals(0, valid.exit(), valid.output());
    assertTrue(valid.output().contains("all valid"), valid.output());
  }

  /** {@code condo check} on the file prints the very error the running Condo reports, and exits 1. */
  private static void assertCheckSaysWhatCondoSays(Path file, String condoSays) throws Exception {
    HttpAndCliIT.Result checked = HttpAndCliIT.condoCli("check", file.toString());
    assertEquals(1, checked.exit(), checked.output());
    assertEquals(condoSays, checked.output().lines().findFirst().orElse(""), checked.output());
  }

  @Test
  void brokenFileOfANewServiceShowsTheErrorAndStartsNothing() throws Exception {
    Path specs = prefix("specs");
    String web = unique("web");
    Path file = writeSpec(specs, web, "{:spec {:Cmd [\"x\"]}}");
    CondoProcess condo = condo(specs).start();
    JsonObject broken = condo.awaitService(web, "showing the error", T, s -> s.getString("error") != null);
    assertEquals("Init", broken.getString("state"));
    assertEquals(file + ":1:2: :spec :Image is required and must be a non-empty string", broken.getString("error"));
    assertTrue(docker.containers(serviceLabel(web)).isEmpty());
    assertCheckSaysWhatCondoSays(file, broken.getString("error"));
  }

  private long creates(String service, long since) {
    return docker.events(serviceLabel(service), since).stream().filter(e -> "create".equals(e.getString("Action")))
        .count();
  }

  private static int countOccurrences(String text, String needle) {
    int count = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      count++;
    }
    return count;
  }
}
