package io.condo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.condo.it.harness.CondoProcess;
import io.condo.it.harness.CondoTestBase;
import io.condo.it.harness.SseClient;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Spec files written to hurt: each can only put an error on its own service. Every other service
 * deploys at once beside them, and the state they leave is read back whole after {@code kill -9}.
 */
class HostileSpecFilesIT extends CondoTestBase {

  static final Duration T = Duration.ofSeconds(40);

  @Test
  void aHostileFileHurtsOnlyItsOwnServiceAndTheStateIsReadBackAfterKill9() throws Exception {
    Path specs = prefix("specs");
    Path outside = prefix("outside");
    CondoProcess condo = condo(specs).start();
    String before = unique("before");
    writeSpec(specs, before, spec(GOOD_1, "[:Before]"));
    condo.awaitState(before, "Stable", T);

    Map<String, String> says = new LinkedHashMap<>();
    says.put(hostile(specs, "deep", "{:spec {:Image \"" + GOOD_1 + "\" :Cmd " + "[".repeat(1_000) + "]".repeat(1_000)
        + "}}"), "nested deeper than 32 levels");
    says.put(hostile(specs, "exponent", "{:spec {:Image \"" + GOOD_1 + "\" :Memory 1e999999999M}}"),
        "a number with an exponent beyond 308");
    says.put(hostile(specs, "digits", "{:spec {:Image \"" + GOOD_1 + "\" :Memory " + "9".repeat(2_000) + "}}"),
        "a number of more than 40 characters");
    String fifo = unique("fifo");
    mkfifo(specs.resolve(fifo + ".edn"));
    says.put(fifo, "not a regular file (a FIFO)");
    String linkToFifo = unique("fifolink");
    mkfifo(outside.resolve("pipe"));
    Files.createSymbolicLink(specs.resolve(linkToFifo + ".edn"), outside.resolve("pipe"));
    says.put(linkToFifo, "not a regular file (a FIFO)");
    String zero = unique("zero");
    Files.createSymbolicLink(specs.resolve(zero + ".edn"), Path.of("/dev/zero"));
    says.put(zero, "not a regular file (a character device)");

    // Written after all of them: deployed at once, and so is a link to a good file elsewhere.
    String good = unique("good");
    writeSpec(specs, good, spec(GOOD_2, "[:Before]"));
    String linked = unique("linked");
    Files.createSymbolicLink(specs.resolve(linked + ".edn"),
        Files.writeString(outside.resolve("linked.edn"), spec(GOOD_1, "[:Before]")));
    String goodId = id(condo.awaitState(good, "Stable", T), "current");
    condo.awaitState(linked, "Stable", T);

    for (Map.Entry<String, String> hostile : says.entrySet()) {
      JsonObject service = condo.awaitService(hostile.getKey(), "an error on its own service", T,
          s -> s.getString("error") != null);
      assertEquals("Init", service.getString("state"), service.encode());
      assertTrue(service.getString("error").startsWith(specs.resolve(hostile.getKey() + ".edn") + ":"),
          service.encode());
      assertTrue(service.getString("error").contains(hostile.getValue()), service.encode());
      assertTrue(docker.containers(serviceLabel(hostile.getKey())).isEmpty(), hostile.getKey());
    }
    String edit = unique("edit");
    writeSpec(specs, edit, spec(GOOD_1, "[:Before]"));
    condo.awaitState(edit, "Stable", T);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(condo.stateFile())));

    condo.kill9();
    condo.start();
    JsonObject services = condo.state().getJsonObject("services");
    for (String kept : List.of(before, good, linked, edit)) {
      assertTrue(services.containsKey(kept), () -> kept + " is in the state read back: " + services.encode());
    }
    assertEquals(goodId, id(condo.awaitState(good, "Stable", T), "current"), "adopted, not redeployed");
    assertFalse(condo.logText().contains("cannot be read"), condo.logText());
  }

  @Test
  void anUnquotedSecretIsNamedByItsPlaceAndShownNowhere() throws Exception {
    Path specs = prefix("specs");
    CondoProcess condo = condo(specs).start();
    String secret = "hunter2-" + unique("s");
    String web = unique("web");
    try (SseClient events = SseClient.open(condo.url() + "/v1/events", Map.of())) {
      Path file = writeSpec(specs, web, "{:spec {:Image \"" + GOOD_1 + "\"\n  :Env [\"TZ=UTC\" DB_PASSWORD=" + secret
          + "]}}\n");
      JsonObject broken = condo.awaitService(web, "the file's error", T, s -> s.getString("error") != null);
      assertEquals(file + ":2:18: :spec.Env[1]: a bare word (an EDN symbol) is not a JSON value; "
          + "write it as a string, in double quotes", broken.getString("error"));
      String sameDir = unique("after");
      writeSpec(specs, sameDir, spec(GOOD_1, "[:Before]"));
      condo.awaitState(sameDir, "Stable", T);
      for (String shown : List.of(condo.state().encode(), condo.get("/v1/global_state").body(),
          condo.get("/metrics").body(), condo.logText(), events.received(),
          Files.readString(condo.stateFile()))) {
        assertFalse(shown.contains(secret), shown);
      }
    }
  }

  /** A spec file of a new service, unique by name; its service. */
  private static String hostile(Path specs, String base, String edn) throws Exception {
    String service = unique(base);
    writeSpec(specs, service, edn);
    return service;
  }

  private static void mkfifo(Path path) throws Exception {
    Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
    assertEquals(0, mkfifo.waitFor());
  }
}
