package io.condo.persist;

import io.condo.bus.PersistedState;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.condo.fsm.Container;
import io.condo.fsm.Recovery;
import io.condo.fsm.Restarts;
import io.condo.fsm.RolledBack;
import io.condo.spec.Healing;
import io.condo.fsm.Snapshot;
import io.condo.spec.Deploy;
import io.condo.spec.ServiceSpec;
import io.condo.spec.SpecLimits;
import io.condo.spec.SpecParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFileTest {

  @TempDir
  Path dir;

  static ServiceSpec spec(String image) {
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("Image", image);
    body.putObject("HostConfig").put("Memory", 1L << 33).put("Init", true);
    return ServiceSpec.of(body, Deploy.after(3), 12, 4);
  }

  @Test
  void everySnapshotSurvivesARoundTripAndKeepsItsSpecHash() throws Exception {
    Instant t = Instant.parse("2026-11-25T10:00:00.123456Z");
    Container c = new Container("id1", "web_a", "web_a", spec("x:1"), t, t);
    Container n = new Container(null, "web_b", "proxy", spec("x:2"), t, null);
    Map<String, PersistedState.ServiceRecord> services = Map.of(
        "a", new PersistedState.ServiceRecord(new Snapshot.Init(), "/s/a.edn"),
        "b", new PersistedState.ServiceRecord(new Snapshot.Wait(n, t, 2, new Recovery(new Restarts(4, 2), null),
            spec("x:1")), "/s/b.edn"),
        "c", new PersistedState.ServiceRecord(new Snapshot.TryAgain(spec("x:3"), t, 3, "boom",
            new Recovery(new Restarts(5, 3), null), null), "/s/c.edn"),
        "d", new PersistedState.ServiceRecord(new Snapshot.Stable(c, "container is unhealthy",
            new Recovery(new Restarts(6, 1), new RolledBack(healing("x:9"), "never healthy", t)), t), "/s/d.edn"),
        "e", new PersistedState.ServiceRecord(new Snapshot.WaitNext(c, n, t, null, 1,
            new Recovery(new Restarts(1, 1), null)), "/s/e.edn"),
        "f", new PersistedState.ServiceRecord(new Snapshot.TryAgainNext(c, spec("x:4"), t, 1, "no"), null));
    StateFile file = new StateFile(dir.resolve("state"));
    PersistedState state = new PersistedState("abc123abc123", services);
    file.write(state);
    PersistedState read = file.load();
    assertEquals(state, read);
    Snapshot.Stable stable = (Snapshot.Stable) read.services().get("d").snapshot();
    assertTrue(stable.current().spec().sameBodyAs(spec("x:1")));
    assertTrue(stable.rolledBack().refuses(healing("x:9")), "the failed spec is known again after a restart");
  }

  private static ServiceSpec healing(String image) {
    return ServiceSpec.of(JsonNodeFactory.instance.objectNode().put("Image", image), Deploy.after(3), 30, 5,
        new Healing(2, 15));
  }

  @Test
  void aStateWrittenBeforeRecoveryAndHealingWereKeptReadsAsNoneAndTheDefaults() throws Exception {
    Instant t = Instant.parse("2026-11-25T10:00:00Z");
    Container c = new Container("id1", "web_a", "web_a", spec("x:1"), t, t);
    StateFile file = new StateFile(dir.resolve("state"));
    file.write(new PersistedState("abc123abc123", Map.of("d", new PersistedState.ServiceRecord(new Snapshot.Stable(c, null), "/s/d.edn"))));
    String older = java.nio.file.Files.readString(dir.resolve("state"))
        .replaceAll(",\\s*\"recovery\"\\s*:\\s*\\{\\s*\"restarts\"\\s*:\\s*\\{[^}]*\\}\\s*,\\s*\"rolledBack\"\\s*:\\s*null\\s*\\}", "")
        .replaceAll(",\\s*\"healing\"\\s*:\\s*\\{[^}]*\\}", "");
    assertTrue(!older.contains("restarts") && !older.contains("healing"), older);
    java.nio.file.Files.writeString(dir.resolve("state"), older);
    Snapshot.Stable read = (Snapshot.Stable) file.load().services().get("d").snapshot();
    assertEquals(Recovery.NONE, read.recovery());
    assertEquals(Healing.DEFAULT, read.current().spec().healing());
  }

  @Test
  void firstLoadCreatesAnInstanceIdThatStays() throws Exception {
    StateFile file = new StateFile(dir.resolve("sub/state"));
    String id = file.load().instanceId();
    assertEquals(id, new StateFile(dir.resolve("sub/state")).load().instanceId());
  }

  @Test
  void unreadableStateIsMovedAsideKeepingTheInstanceId() throws Exception {
    Path path = dir.resolve("state");
    Files.writeString(path, "{\"instanceId\" : \"0123456789ab\", \"services\": {\"a\": {\"snapsh");
    PersistedState state = new StateFile(path).load();
    assertEquals("0123456789ab", state.instanceId());
    assertEquals(Map.of(), state.services());
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(1, files.filter(p -> p.getFileName().toString().startsWith("state.unreadable-")).count());
    }
  }

  @Test
  void garbageKeepsTheInstanceIdRememberedBesideIt() throws Exception {
    Path path = dir.resolve("state");
    String id = new StateFile(path).load().instanceId();
    Files.write(path, new byte[] {0, 1, 2, 3});
    assertEquals(id, new StateFile(path).load().instanceId());
    Files.delete(path);
    assertEquals(id, new StateFile(path).load().instanceId(), "a deleted state file keeps the instance too");
  }

  @Test
  void garbageWithoutAnyIdGetsANewOneThatIsKeptFromThenOn() throws Exception {
    Path path = dir.resolve("state");
    byte[] garbage = {0, 1, 2, 3};
    Files.write(path, garbage);
    String id = new StateFile(path).load().instanceId();
    assertTrue(id.matches("[0-9a-f]{12}"), "a new instance id, like every other: " + id);
    assertNotEquals(new StateFile(dir.resolve("other/state")).load().instanceId(), id, "drawn at random");
    assertEquals(id, new StateFile(path).load().instanceId(), "remembered: the next start is the same instance");
    try (Stream<Path> files = Files.list(dir)) {
      Path aside = files.filter(p -> p.getFileName().toString().startsWith("state.unreadable-")).findFirst()
          .orElseThrow(() -> new AssertionError("the garbage was not moved aside"));
      assertArrayEquals(garbage, Files.readAllBytes(aside), "moved aside byte for byte");
    }
  }

  @Test
  void writesLeaveNoTemporaryFilesBehind() throws Exception {
    StateFile file = new StateFile(dir.resolve("state"));
    file.write(new PersistedState("abcdefabcdef", Map.of()));
    file.write(new PersistedState("abcdefabcdef", Map.of()));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of("state"), files.map(p -> p.getFileName().toString()).toList());
    }
  }

  @Test
  void aSpecAtEveryLimitIsWrittenAndReadBack() throws Exception {
    int free = SpecLimits.MAX_DEPTH - 2;
    String text = "{:spec {:Image \"x:1\" :Cmd " + "[".repeat(free) + "1" + "]".repeat(free)
        + " :A 1e308M :B 1e-308M :F 0.1000000000000000000000000000000001M :C 1.7976931348623157e308 :D 1234567890123456789012345678901234567890"
        + " :E \"" + "e".repeat(SpecLimits.MAX_FILE_BYTES - 300) + "\"}}";
    ServiceSpec atLimits = SpecParser.parse(Path.of("/s/a.edn"), text);
    Instant t = Instant.parse("2026-11-25T10:00:00Z");
    Container c = new Container("id1", "a_1", "a_1", atLimits, t, t);
    PersistedState state = new PersistedState("abc123abc123",
        Map.of("a", new PersistedState.ServiceRecord(new Snapshot.Stable(c, null), "/s/a.edn")));
    StateFile file = new StateFile(dir.resolve("state"));
    file.write(state);
    PersistedState read = new StateFile(dir.resolve("state")).load();
    ServiceSpec back = ((Snapshot.Stable) read.services().get("a").snapshot()).current().spec();
    assertTrue(back.sameBodyAs(atLimits), "the same hash");
    assertTrue(ServiceSpec.of(back.body(), back.deploy(), 10, 10).sameBodyAs(atLimits), "the same body, to the digit");
  }

  @Test
  void theStateItsIdAndItsLockAreTheOwnersAlone() throws Exception {
    Path path = dir.resolve("state");
    StateFile file = new StateFile(path);
    file.load();
    try (StateLock lock = StateLock.acquire(path, "host")) {
      for (Path each : List.of(path, file.idFile(), StateLock.lockFileOf(path))) {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(each)), each.toString());
      }
    }
  }

  @Test
  void filesAnEarlierVersionLeftReadableAreTightenedAtTheNextStart() throws Exception {
    Path path = dir.resolve("state");
    StateFile file = new StateFile(path);
    file.load();
    for (Path each : List.of(path, file.idFile())) {
      Files.setPosixFilePermissions(each, PosixFilePermissions.fromString("rw-r--r--"));
    }
    new StateFile(path).load();
    for (Path each : List.of(path, file.idFile())) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(each)), each.toString());
    }
  }

  @Test
  void aLinkPlantedAsTheTempFileIsNeverWrittenThrough() throws Exception {
    Path path = dir.resolve("state");
    Path elsewhere = Files.writeString(dir.resolve("elsewhere"), "untouched");
    Files.createSymbolicLink(dir.resolve(".state.tmp"), elsewhere);
    new StateFile(path).write(new PersistedState("abc123abc123", Map.of()));
    assertEquals("untouched", Files.readString(elsewhere));
    assertEquals("abc123abc123", new StateFile(path).load().instanceId());
    assertTrue(Files.notExists(dir.resolve(".state.tmp"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
  }
}
