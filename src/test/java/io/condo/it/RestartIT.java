package io.condo.it;

import io.condo.it.harness.Await;
import io.condo.it.harness.CondoProcess;
import io.condo.it.harness.CondoTestBase;
import io.condo.it.harness.DockerProbe;
import io.condo.it.harness.UnixSocketProxy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.condo.docker.ContainerLabels;
import io.condo.fsm.Container;
import io.condo.fsm.Snapshot;
import io.condo.bus.PersistedState;
import io.condo.persist.StateFile;
import io.condo.spec.ServiceSpec;
import io.condo.spec.SpecParser;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** SPEC §3 with real processes: kill -9 at the moments that matter, SIGTERM, Docker away. */
class RestartIT extends CondoTestBase {

  static final Duration T = Duration.ofSeconds(40);
  /** Healthy only once /tmp/ready exists, 3 s after start: a container that stays in Wait a while. */
  static final String SLOW_TO_BE_HEALTHY = ":Cmd [\"sh\" \"-c\" \"sleep 3; touch /tmp/ready; exec sleep 1000000\"]"
      + " :Healthcheck {:Test [\"CMD\" \"test\" \"-f\" \"/tmp/ready\"] :Interval 200000000 :Retries 1000}";

  @Test
  void killNineInStableAdoptsTheContainerWithoutRestartingIt() throws Exception {
    Deployed deployed = deployGood1("web");
    Path specs = deployed.specs();
    String web = deployed.service();
    CondoProcess condo = deployed.condo();
    String v1 = deployed.container();
    String startedAt = docker.startedAt(v1);
    long since = DockerProbe.nowNanos();

    condo.kill9();
    condo.start();
    JsonObject adopted = condo.awaitState(web, "Stable", T);
    assertEquals(v1, id(adopted, "current"));
    assertTrue(condo.logText().contains("adopted 1 services, 1 containers"), condo.logText());
    assertEquals(startedAt, docker.startedAt(v1), "not restarted");
    assertTrue(docker.events(serviceLabel(web), since).isEmpty(), "no Docker work at all");
  }

  @Test
  void killNineInWaitResumesTheWaitOnTheSameContainer() throws Exception {
    Path specs = prefix("specs");
    String web = unique("web");
    writeSpec(specs, web, spec(GOOD_1, "[:Before]", SLOW_TO_BE_HEALTHY));
    CondoProcess condo = condo(specs).start();
    String waited = id(condo.awaitService(web, "Wait on a created container", T,
        s -> "Wait".equals(s.getString("state")) && id(s, "current") != null), "current");
    condo.kill9();
    condo.start();
    assertEquals(waited, id(condo.awaitState(web, "Stable", T), "current"));
    assertEquals(List.of(waited), allIds(web), "no second container");
  }

  @Test
  void killNineInWaitNextResumesWithoutAThirdContainer() throws Exception {
    Deployed deployed = deployGood1("web");
    Path specs = deployed.specs();
    String web = deployed.service();
    CondoProcess condo = deployed.condo();
    String v1 = deployed.container();
    long since = DockerProbe.nowNanos();
    writeSpec(specs, web, spec(GOOD_2, "[:After 1]", SLOW_TO_BE_HEALTHY));
    String next = id(condo.awaitService(web, "WaitNext with a created next", T,
        s -> "WaitNext".equals(s.getString("state")) && id(s, "next") != null), "next");
    Await.until("both containers to run", T, () -> docker.runningIds(serviceLabel(web)).size() == 2);
    assertEquals("WaitNext", condo.service(web).getString("state"), "still waiting for the next one's health");
    condo.kill9();

    condo.start();
    JsonObject stable = condo.awaitService(web, "Stable on the next container", T,
        s -> "Stable".equals(s.getString("state")) && next.equals(id(s, "current")));
    assertTrue(stable.getJsonObject("current").getString("stable_at") != null);
    Await.until("the old container to be removed", T, () -> !docker.exists(v1));
    long creates = docker.events(serviceLabel(web), since).stream()
        .filter(e -> "create".equals(e.getString("Action"))).count();
    assertEquals(1, creates, "only the next container was ever created");
  }

  /**
   * kill -9 between create and start: the state holds the planned container (without or with its
   * id), Docker holds it created and never started. Set up exactly that, then start Condo.
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void killNineBetweenCreateAndStartStartsThatContainerAndNoOther(boolean idWasPersisted) throws Exception {
    Path specs = prefix("specs");
    String web = unique("web");
    Path file = writeSpec(specs, web, spec(GOOD_1, "[:Before]"));
    ServiceSpec spec = SpecParser.parse(file, Files.readAllBytes(file));
    String instance = "feed" + unique("x").substring(2);
    String key = web + "_crash1";
    ObjectNode body = ContainerLabels.createBody(spec, instance, web, key);
    String created = createContainer(key, body);
    Container planned = new Container(idWasPersisted ? created : null, key, key, spec, Instant.now(), null);
    CondoProcess condo = condo(specs);
    new StateFile(condo.stateFile()).write(new PersistedState(instance,
        Map.of(web, new PersistedState.ServiceRecord(new Snapshot.Wait(planned, null, 0), file.toString()))));

    condo.start();
    assertEquals(created, id(condo.awaitState(web, "Stable", T), "current"));
    assertEquals(List.of(created), allIds(web));
  }

  @Test
  void orphansAndServicesDeletedWhileDownAreRemovedOnRestart() throws Exception {
    Path specs = prefix("specs");
    String keep = unique("keep");
    String gone = unique("gone");
    writeSpec(specs, keep, spec(GOOD_1, "[:Before]"));
    Path goneFile = writeSpec(specs, gone, spec(GOOD_1, "[:Before]"));
    CondoProcess condo = condo(specs).start();
    String keepId = id(condo.awaitState(keep, "Stable", T), "current");
    String goneId = id(condo.awaitState(gone, "Stable", T), "current");
    String instance = condo.instanceId();
    condo.kill9();

    Files.delete(goneFile);
    ServiceSpec spec = SpecParser.parse(goneFile, spec(GOOD_1, "[:Before]"));
    String orphan = createContainer(keep + "_orphan",
        ContainerLabels.createBody(spec, instance, keep, keep + "_orphan"));
    condo.start();
    Await.until("the orphan and the deleted service's container to be removed", T,
        () -> !docker.exists(orphan) && !docker.exists(goneId));
    assertEquals(keepId, id(condo.awaitState(keep, "Stable", T), "current"));
    assertEquals(List.of(keepId), allIds(keep));
    Await.until("the deleted service to be forgotten", T, () -> condo.service(gone) == null);
  }

  @Test
  void sigtermLeavesTheServicesRunning() throws Exception {
    Deployed deployed = deployGood1("web");
    Path specs = deployed.specs();
    String web = deployed.service();
    CondoProcess condo = deployed.condo();
    String v1 = deployed.container();
    condo.terminate();
    assertTrue(condo.logText().contains("condo stopped; its containers keep running"), condo.logText());
    assertEquals(List.of(v1), docker.runningIds(serviceLabel(web)));
  }

  @Test
  void sigtermWithStopContainersOnExitRemovesThem() throws Exception {
    Path specs = prefix("specs");
    String web = unique("web");
    writeSpec(specs, web, spec(GOOD_1, "[:Before]"));
    CondoProcess condo = condo(Map.of(), List.of("--stop-containers-on-exit"), specs).start();
    condo.awaitState(web, "Stable", T);
    condo.terminate();
    assertTrue(docker.containers(serviceLabel(web)).isEmpty(), "containers removed on exit");
  }

  @Test
  void dockerUnreachableAtStartIsWaitedForAndNeverDuplicates() throws Exception {
    Path specs = prefix("specs");
    String web = unique("web");
    writeSpec(specs, web, spec(GOOD_1, "[:Before]"));
    try (UnixSocketProxy proxy = new UnixSocketProxy(dir.resolve("docker.sock"), Path.of("/var/run/docker.sock"))) {
      proxy.up();
      CondoProcess condo = condo(Map.of("DOCKER_HOST", proxy.dockerHost()), List.of(), specs).start();
      String v1 = id(condo.awaitState(web, "Stable", T), "current");
      condo.kill9();
      proxy.down();

      condo.launch();
      Await.until("Condo to say it waits for Docker", T, () -> condo.logText().contains("unreachable"));
      assertEquals(503, Await.until("the state API to answer", T, () -> condo.status("/v1/state"), s -> s > 0));
      assertEquals(List.of(v1), docker.runningIds(serviceLabel(web)), "nothing happens while Docker is away");

      proxy.up();
      condo.awaitServing();
      assertEquals(v1, id(condo.awaitState(web, "Stable", T), "current"));
      assertEquals(List.of(v1), allIds(web), "no duplicate");
    }
  }

  @Test
  void twoCondosOnOneDaemonNeverTouchEachOthersContainers() throws Exception {
    Path specsA = prefix("a");
    Path specsB = prefix("b");
    String web = unique("web");
    writeSpec(specsA, web, spec(GOOD_1, "[:Before]"));
    CondoProcess a = condo(specsA).start();
    String ofA = id(a.awaitState(web, "Stable", T), "current");

    CondoProcess b = condo(specsB).start();
    assertTrue(b.logText().contains("adopted 0 services, 0 containers"), b.logText());
    writeSpec(specsB, web, spec(GOOD_2, "[:Before]"));
    String ofB = id(b.awaitState(web, "Stable", T), "current");
    b.kill9();
    b.start();
    b.awaitState(web, "Stable", T);
    assertEquals(ofA, id(a.service(web), "current"));
    assertTrue(docker.runningIds(serviceLabel(web)).containsAll(List.of(ofA, ofB)));
  }

  /**
   * kill -9 right after a Before deploy was decided, before its Docker work: the state names only
   * the planned new container, while the old ones (the serving container and an After deploy's
   * next) still run. Condo removes them before it creates the new one: old and new never run
   * together. (Found by the kill -9 fault loop: the removal and the create used to race.)
   */
  @Test
  void killNineAfterABeforeDeployWasDecidedRemovesTheOldBeforeCreatingTheNew() throws Exception {
    Path specs = prefix("specs");
    String web = unique("web");
    String instance = "feed" + unique("x").substring(2);
    Path file = writeSpec(specs, web, spec(GOOD_1, "[:Before]"));
    ServiceSpec old = SpecParser.parse(file, Files.readAllBytes(file));
    List<String> leftovers = new java.util.ArrayList<>();
    for (String key : List.of(web + "_old1", web + "_old2")) {
      String id = createContainer(key, ContainerLabels.createBody(old, instance, web, key));
      docker.start(id);
      leftovers.add(id);
    }
    writeSpec(specs, web, spec(GOOD_2, "[:Before]"));
    ServiceSpec next = SpecParser.parse(file, Files.readAllBytes(file));
    Container planned = new Container(null, web + "_new", web + "_new", next, Instant.now(), null);
    CondoProcess condo = condo(specs);
    new StateFile(condo.stateFile()).write(new PersistedState(instance,
        Map.of(web, new PersistedState.ServiceRecord(new Snapshot.Wait(planned, null, 0), file.toString()))));
    long since = DockerProbe.nowNanos();

    condo.start();
    String created = id(condo.awaitStableOn(web, GOOD_2, T), "current");
    List<JsonObject> events = docker.events(serviceLabel(web), since);
    long createdAt = events.stream().filter(e -> "create".equals(e.getString("Action"))
        && created.equals(e.getString("id"))).mapToLong(e -> e.getLong("timeNano")).min().orElseThrow();
    for (String leftover : leftovers) {
      long destroyedAt = events.stream().filter(e -> "destroy".equals(e.getString("Action"))
          && leftover.equals(e.getString("id"))).mapToLong(e -> e.getLong("timeNano")).min().orElseThrow();
      assertTrue(destroyedAt < createdAt, "the old container " + leftover + " was gone before the new one existed");
    }
    assertEquals(List.of(created), allIds(web));
  }

  private String createContainer(String name, ObjectNode body) throws Exception {
    Process create = new ProcessBuilder("curl", "-sf", "--unix-socket", "/var/run/docker.sock",
        "-H", "Content-Type: application/json", "-d", body.toString(),
        "http://localhost/containers/create?name=" + name).redirectErrorStream(true).start();
    String out = new String(create.getInputStream().readAllBytes());
    assertEquals(0, create.waitFor(), out);
    String id = new JsonObject(out).getString("Id");
    removeAfterTest(id);
    assertFalse(docker.inspect(id).getJsonObject("State").getBoolean("Running"));
    return id;
  }

  private List<String> allIds(String service) {
    return docker.containers(serviceLabel(service)).stream().map(c -> c.getString("Id")).toList();
  }
}
