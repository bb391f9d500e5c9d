package io.condo.it;

import io.condo.it.faults.KillLoopFault;
import io.condo.it.harness.CondoProcess;
import io.condo.it.harness.CondoTestBase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Condo never stops or removes a container it did not create: every removal goes by container id
 * or by Condo's own labels, never by name, whatever the timing of edits and deletions. And never
 * two Condos on one state: the second refuses to start, while a killed one never blocks its successor.
 */
class OwnershipIT extends CondoTestBase {

  static final Duration T = Duration.ofSeconds(60);
  static final int ROUNDS = 40;

  @Test
  void aForeignContainerHoldingAFixedNameSurvivesRapidEditsAndDeletions() throws Exception {
    String name = unique("held");
    String foreign = docker.createAndStart(name, new JsonObject().put("Image", GOOD_1)
        .put("HostConfig", new JsonObject().put("Init", true)));
    removeAfterTest(foreign);
    String startedAt = docker.startedAt(foreign);

    Path specs = prefix("specs");
    CondoProcess condo = condo(specs).start();
    String web = unique("web");
    Path file = specs.resolve(web + ".edn");
    // Edits land while a create for the fixed name is in flight, at random moments: the old code
    // removed the planned container by name there, which is the foreign one when the name is taken.
    Random random = new Random(8);
    for (int round = 0; round < ROUNDS; round++) {
      if (round % 5 == 4) {
        Files.deleteIfExists(file);
      } else {
        writeSpec(specs, web, namedSpec(name, round));
      }
      KillLoopFault.pace(25 + random.nextInt(40));
      assertTrue(docker.exists(foreign), "round " + round + ": the foreign container " + name + " was removed");
    }
    writeSpec(specs, web, namedSpec(name, ROUNDS));
    JsonObject refused = condo.awaitService(web, "the name conflict reported", T,
        s -> s.getString("error") != null && s.getString("error").contains("held by a container Condo does not own"));
    assertEquals("TryAgain", refused.getString("state"), refused.encode());
    assertTrue(refused.getString("error").contains(name), "Docker's own words name the container: " + refused);
    assertTrue(refused.getString("retry_at") != null, "retried with back-off");

    assertEquals(startedAt, docker.startedAt(foreign), "the foreign container was never restarted");
    assertTrue(docker.runningIds("condo.instance=" + condo.instanceId()).isEmpty(),
        "Condo runs nothing under a name it could not have");

    // Once the owner frees the name, the retry takes it.
    docker.removeForce(foreign);
    JsonObject stable = condo.awaitState(web, "Stable", T);
    assertEquals(name, stable.getJsonObject("current").getString("name"));
    assertEquals(condo.instanceId(), docker.inspect(id(stable, "current")).getJsonObject("Config")
        .getJsonObject("Labels").getString("condo.instance"));
  }

  @Test
  void aSecondCondoOnTheSameStateExitsAtOnceNamingWhoHoldsItAndTouchesNothing() throws Exception {
    Deployed first = deployGood1("web");
    String startedAt = docker.startedAt(first.container());
    CondoProcess second = condo(first.specs()).stateAt(first.condo().stateFile()).launch();
    long launched = System.nanoTime();
    int exit = second.awaitExit(Duration.ofSeconds(20));
    double seconds = (System.nanoTime() - launched) / 1e9;

    assertNotEquals(0, exit, "the second Condo refuses to start");
    String said = second.logText();
    assertTrue(said.contains("the state file " + first.condo().stateFile() + " is in use by another Condo (pid "
        + first.condo().pid() + " on host it-host"), said);
    assertTrue(seconds < 10, "it exits at once, not after joining or adopting anything: " + seconds + " s");
    assertEquals(List.of(first.container()), docker.runningIds(serviceLabel(first.service())));
    assertEquals(startedAt, docker.startedAt(first.container()));
    assertEquals(first.container(), id(first.condo().service(first.service()), "current"), "the first one carries on");
  }

  @Test
  void killNineNeverBlocksTheSuccessorOnTheSameState() throws Exception {
    Deployed first = deployGood1("web");
    String startedAt = docker.startedAt(first.container());
    String instance = first.condo().instanceId();
    first.condo().kill9();
    CondoProcess successor = condo(first.specs()).stateAt(first.condo().stateFile()).start();
    JsonObject adopted = successor.awaitState(first.service(), "Stable", T);
    assertEquals(first.container(), id(adopted, "current"), "the successor adopted the running container");
    assertEquals(startedAt, docker.startedAt(first.container()), "and did not restart it");
    assertEquals(instance, successor.instanceId());
  }

  private static String namedSpec(String name, int round) {
    return spec(round % 2 == 0 ? GOOD_1 : GOOD_2, "[:Before]",
        ":Name \"" + name + "\" :Env [\"ROUND=" + round + "\"]");
  }
}
