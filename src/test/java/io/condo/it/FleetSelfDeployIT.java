package io.condo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.condo.it.harness.Await;
import io.condo.it.harness.CondoImage;
import io.condo.it.harness.CondoTestBase;
import io.condo.it.harness.ContainerFleet;
import io.condo.it.harness.ContainerFleet.Host;
import io.condo.it.harness.DockerEventLog;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Self-deploys roll through a fleet: three Condo containers on a Docker network, each given a new
 * {@code self.edn} at once (as a template tool renders one per host), replace themselves one at a
 * time; a self.edn that fails on the first host stops there, and the other hosts keep the Condo
 * they run.
 */
class FleetSelfDeployIT extends CondoTestBase {

  static final Duration ROLL = Duration.ofMinutes(4);
  @Test
  void hostsReplaceThemselvesOneAtATimeAndAFailureStopsTheRoll() throws Exception {
    String web = unique("web");
    ContainerFleet fleet = ContainerFleet.start(lab(), web, spec(GOOD_1, "[:Before]"));
    List<Host> hosts = fleet.hosts();
    Await.until("every host Stable in one view", ContainerFleet.T, () -> hosts.get(0).stableHosts(web, GOOD_1) == 3);
    String image = CondoImage.build();
    Map<String, String> webStarted = new HashMap<>();
    for (Host host : hosts) {
      String container = id(host.state().getJsonObject("services").getJsonObject(web), "current");
      webStarted.put(container, docker.startedAt(container));
    }

    // A self.edn whose Condo cannot start: the first host to try fails and is put back; no other tries.
    Map<String, String> condoStarted = new HashMap<>();
    for (Host host : hosts) {
      condoStarted.put(host.container(), docker.startedAt(host.container()));
    }
    writeSelfEdn(fleet, image, 2, " :Cmd [\"--no-such-option\"]\n");
    List<JsonObject> selves = Await.until("one host to fail and the others to stop", ROLL, () -> selves(hosts),
        all -> all != null && stoppedRoll(all) >= 0);
    Host failing = hosts.get(stoppedRoll(selves));
    for (Host host : hosts) {
      JsonObject self = host.state().getJsonObject("self");
      assertEquals("running", self.getString("state"), self.encode());
      if (host != failing) {
        assertTrue(self.getString("roll").contains("failed on " + failing.name()), self.encode());
        assertEquals(condoStarted.get(host.container()), docker.startedAt(host.container()),
            host.name() + "'s Condo was never stopped");
      } else {
        assertNotEquals(condoStarted.get(host.container()), docker.startedAt(host.container()),
            "the failing host's old Condo, started again");
      }
    }

    // A good self.edn: every host replaces itself, one after the other.
    List<Turn> turns = new ArrayList<>();
    try (DockerEventLog events = new DockerEventLog("die", "health_status")) {
      writeSelfEdn(fleet, image, 3, "");
      JsonObject waiting = Await.until("a host waiting for its turn", ROLL, () -> waitingHost(hosts), w -> w != null);
      assertTrue(waiting.getString("roll").startsWith("waiting for condo-"), waiting.encode());
      Await.until("every host's new Condo, in one view", ROLL, () -> rolled(hosts));
      for (Host host : hosts) {
        String successor = Await.until(host.name() + "'s new Condo container under the old one's name", ROLL,
            () -> docker.exists(host.containerName()) ? docker.inspect(host.containerName()).getString("Id") : null,
            id -> id != null && !id.equals(host.container()));
        turns.add(new Turn(host.name(), at(events, host.container(), "die"), at(events, successor, "health_status: healthy")));
      }
    }
    turns.sort(Comparator.comparingLong(Turn::oldDied));
    for (int i = 1; i < turns.size(); i++) {
      assertTrue(turns.get(i).oldDied() > turns.get(i - 1).newHealthy(),
          turns.get(i).host() + "'s Condo stopped before " + turns.get(i - 1).host() + "'s new one was healthy: " + turns);
    }
    for (Map.Entry<String, String> e : webStarted.entrySet()) {
      assertEquals(e.getValue(), docker.startedAt(e.getKey()), "a supervised container was restarted");
    }
    for (Host host : hosts) {
      JsonObject self = host.state().getJsonObject("self");
      assertNull(self.getString("roll"), self.encode());
      assertNull(self.getString("error"), self.encode());
    }
  }

  /** When a host's old Condo stopped and when its new one was healthy, in Docker's clock. */
  record Turn(String host, long oldDied, long newHealthy) {
  }

  private static void writeSelfEdn(ContainerFleet fleet, String image, int generation, String extra) throws Exception {
    for (int i = 0; i < 3; i++) {
      Files.writeString(fleet.host(i).specs().resolve("self.edn"), fleet.selfEdn(i, image, generation, extra));
    }
  }

  /** Each host's "self", or null while one does not answer. */
  private static List<JsonObject> selves(List<Host> hosts) {
    List<JsonObject> selves = new ArrayList<>();
    for (Host host : hosts) {
      JsonObject state = host.state();
      if (state == null) {
        return null;
      }
      selves.add(state.getJsonObject("self"));
    }
    return selves;
  }

  /** The "self" of a host that answers and waits for its turn in the roll, or null. */
  private static JsonObject waitingHost(List<Host> hosts) {
    return hosts.stream().map(Host::state).filter(java.util.Objects::nonNull).map(s -> s.getJsonObject("self"))
        .filter(self -> "waiting".equals(self.getString("state"))).findFirst().orElse(null);
  }

  /** Which host's self-deploy failed, once the two others report the roll stopped; else -1. */
  private static int stoppedRoll(List<JsonObject> selves) {
    int failed = -1;
    int stopped = 0;
    for (int i = 0; i < selves.size(); i++) {
      JsonObject self = selves.get(i);
      if (self.getString("error") != null && self.getString("error").contains("exited")) {
        failed = i;
      } else if (self.getString("roll") != null && self.getString("roll").contains("stopped")) {
        stopped++;
      }
    }
    return stopped == 2 ? failed : -1;
  }

  /** Every host runs a Condo started from its self.edn, with its services, and all see each other. */
  private static boolean rolled(List<Host> hosts) {
    try {
      var instances = hosts.get(0).globalState().getJsonArray("instances");
      return instances.size() == 3 && instances.stream().map(JsonObject.class::cast).allMatch(i ->
          i.getJsonObject("self").getString("started_from") != null && "running".equals(i.getJsonObject("self").getString("state"))
              && !i.getJsonObject("services").isEmpty())
          && hosts.stream().allMatch(h -> h.state() != null && h.state().getJsonObject("self").getString("started_from") != null);
    } catch (RuntimeException notServing) {
      return false;
    }
  }

  private static long at(DockerEventLog events, String container, String action) {
    return events.first(container, action)
        .orElseThrow(() -> new AssertionError("no '" + action + "' of " + container + " in\n" + events));
  }
}
