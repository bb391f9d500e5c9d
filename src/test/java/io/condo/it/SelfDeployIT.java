package io.condo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.condo.it.harness.Await;
import io.condo.it.harness.CondoImage;
import io.condo.it.harness.TinyVolume;
import io.condo.it.harness.CondoProcess;
import io.condo.it.harness.CondoTestBase;
import io.condo.it.harness.TestHttp;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Condo replacing itself, the way users run it: Condo's own image (built from the Dockerfile) in a
 * container with its HTTP port published, the Docker socket and the state's volume mounted. A new
 * {@code self.edn} hands over to a new Condo container without restarting what it supervises; a
 * successor whose image cannot be had, or that exits, leaves the old Condo supervising, with the
 * failure in {@code /v1/state}.
 */
class SelfDeployIT extends CondoTestBase {

  static final Duration T = Duration.ofSeconds(120);

  String image;
  Path specs;
  int port;
  String name;
  String web;

  @BeforeEach
  void condoInAContainer() throws Exception {
    image = CondoImage.build();
    specs = prefix("var-lib-condo");
    port = CondoProcess.freePort();
    name = unique("condo-self");
    web = unique("web");
    writeSpec(specs, web, spec(GOOD_1, "[:Before]"));
  }

  /** The old Condo, started by hand as the README says (no self.edn hash in its environment). */
  String runCondo() throws Exception {
    String id = CondoImage.runCondo(image, name, specs, port);
    removeAfterTest(id);
    awaitState("the service Stable", s -> "Stable".equals(service(s).getString("state")));
    removeInstanceAfterTest(state().getString("instance"));
    return id;
  }

  String selfEdn(String image, String extra) {
    return CondoImage.selfEdn(image, specs, port, 2, extra);
  }

  JsonObject state() {
    try {
      return new JsonObject(TestHttp.get("http://127.0.0.1:" + port + "/v1/state").body());
    } catch (RuntimeException notServing) {
      return null;
    }
  }

  JsonObject service(JsonObject state) {
    JsonObject s = state.getJsonObject("services").getJsonObject(web);
    return s == null ? new JsonObject() : s;
  }

  JsonObject awaitState(String what, Predicate<JsonObject> done) {
    return Await.until(what, T, this::state, s -> s != null && done.test(s));
  }

  String webContainer() {
    return id(service(state()), "current");
  }

  @Test
  void aNewSelfEdnHandsOverToANewCondoAndNothingSupervisedRestarts() throws Exception {
    String old = runCondo();
    JsonObject before = state();
    assertEquals(image, before.getJsonObject("self").getString("image"));
    assertNull(before.getJsonObject("self").getString("started_from"), "started by hand");
    String container = webContainer();
    String startedAt = docker.startedAt(container);

    // The image's own health check, every 15 s: the helper runs it itself as soon as the new Condo serves.
    Files.writeString(specs.resolve("self.edn"), CondoImage.selfEdnWithImageHealthCheck(image, specs, port, 2, ""));
    JsonObject after = awaitState("the new Condo to serve", s -> s.getJsonObject("self").getString("started_from") != null);
    String successor = Await.until("a new container under the old one's name", T,
        () -> docker.exists(name) ? docker.inspect(name).getString("Id") : null, id -> id != null && !id.equals(old));
    removeAfterTest(successor);

    assertEquals(before.getString("instance"), after.getString("instance"), "the same state, adopted");
    assertNotEquals(old, successor, "a new container, under the old one's name");
    assertFalse(docker.exists(old), "the old Condo's container is removed");
    assertEquals(container, webContainer(), "the supervised container is the same");
    assertEquals(startedAt, docker.startedAt(container), "and was never restarted");
    assertEquals("running", after.getJsonObject("self").getString("state"));
    assertNull(after.getJsonObject("self").getString("error"));
    JsonObject inFleet = new JsonObject(TestHttp.get("http://127.0.0.1:" + port + "/v1/global_state").body())
        .getJsonArray("instances").getJsonObject(0);
    assertEquals(after.getJsonObject("self"), inFleet.getJsonObject("self"), "and in global_state");
    Await.until("the hand-over helper to be gone", T, () -> docker.containers("condo.self=handover").stream()
        .noneMatch(c -> c.toString().contains(old)));
    assertEquals("starting", docker.inspect(successor).getJsonObject("State").getJsonObject("Health").getString("Status"),
        "the hand-over ended on the helper's own run of the health check, before Docker's first (15 s after the start)");

    // The new Condo supervises: an edit deploys.
    writeSpec(specs, web, spec(GOOD_2, "[:Before]"));
    awaitState("the edit deployed by the new Condo", s -> GOOD_2.equals(image(s)));
  }

  @Test
  void aSuccessorWhoseImageCannotBeHadLeavesTheOldCondoSupervising() throws Exception {
    String old = runCondo();
    Files.writeString(specs.resolve("self.edn"), selfEdn("condo-test/no-such-condo:9", ""));
    JsonObject failed = awaitState("the failure reported", s -> s.getJsonObject("self").getString("error") != null);
    assertTrue(failed.getJsonObject("self").getString("error").contains("no-such-condo"),
        failed.getJsonObject("self").encode());
    assertEquals("running", failed.getJsonObject("self").getString("state"));
    assertTrue(docker.inspect(old).getJsonObject("State").getBoolean("Running"), "the old Condo never stopped");
    writeSpec(specs, web, spec(GOOD_2, "[:Before]"));
    awaitState("the edit deployed: deploys resumed", s -> GOOD_2.equals(image(s)));
  }

  @Test
  void aSuccessorThatExitsIsRemovedAndTheOldCondoSupervisesAgain() throws Exception {
    String old = runCondo();
    String container = webContainer();
    String startedAt = docker.startedAt(container);
    String oldStart = docker.startedAt(old);
    Files.writeString(specs.resolve("self.edn"), selfEdn(image, " :Cmd [\"--no-such-option\"]\n"));
    JsonObject back = awaitState("the old Condo back, reporting the failure",
        s -> s.getJsonObject("self").getString("error") != null);
    assertTrue(back.getJsonObject("self").getString("error").contains("exited"), back.getJsonObject("self").encode());
    assertNull(back.getJsonObject("self").getString("started_from"), "the old Condo");
    assertNotEquals(oldStart, docker.startedAt(old), "the old container, started again");
    assertEquals(container, webContainer());
    assertEquals(startedAt, docker.startedAt(container), "the supervised container was never restarted");
    assertTrue(docker.containers("condo.self=successor").stream().noneMatch(c -> c.toString().contains(old)),
        "the failed successor is removed");
    assertNotNull(back.getString("instance"));
  }

  @Test
  void aVolumeThatFillsDuringTheHandOverStillLeavesTheOldCondoSupervising() throws Exception {
    specs = TinyVolume.mount(prefix("full-volume"), this::umountAfterTest);
    writeSpec(specs, web, spec(GOOD_1, "[:Before]"));
    String old = runCondo();
    String container = webContainer();
    String oldStart = docker.startedAt(old);
    Files.writeString(specs.resolve("self.edn"), selfEdn(image, " :Cmd [\"--no-such-option\"]\n"));
    Await.until("the hand-over to begin", T, () -> Files.exists(specs.resolve("state.handover")));
    TinyVolume.fill(specs);

    // The successor exits; the failure cannot be recorded on the full volume. The old Condo runs.
    Await.until("the old Condo started again", T, () -> !oldStart.equals(docker.startedAt(old)));
    JsonObject back = awaitState("the old Condo serving again",
        s -> s.getJsonObject("self").getString("started_from") == null && "Stable".equals(service(s).getString("state")));
    assertEquals(container, id(service(back), "current"));
    assertTrue(docker.inspect(old).getJsonObject("State").getBoolean("Running"));
    assertTrue(docker.containers("condo.self=successor").stream().noneMatch(c -> c.toString().contains(old)),
        "the failed successor is removed");
  }

  private void umountAfterTest(Path mountPoint) {
    umounts.add(mountPoint);
  }

  private final java.util.List<Path> umounts = new java.util.ArrayList<>();

  @org.junit.jupiter.api.AfterEach
  void umount() throws Exception {
    for (Path mountPoint : umounts) {
      TinyVolume.umount(mountPoint);
    }
  }

  private String image(JsonObject state) {
    JsonObject current = service(state).getJsonObject("current");
    return current == null || !"Stable".equals(service(state).getString("state")) ? null : current.getString("image");
  }
}
