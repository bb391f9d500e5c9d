package io.condo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.condo.it.harness.Await;
import io.condo.it.harness.CondoProcess;
import io.condo.it.harness.CondoTestBase;
import io.condo.it.harness.DockerEventLog;
import io.condo.it.harness.DockerProbe;
import io.condo.it.harness.TestSecrets;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * SPEC §5a against three clustered Condo processes and a real dockerd: a {@code :rollout
 * {:parallel 1}} service deploys one host at a time (Docker's own events show the windows never
 * overlap), a bad image stops on the first host while the others keep their container and say why,
 * and a good image after it rolls through.
 */
class RolloutIT extends CondoTestBase {

  static final Duration T = Duration.ofMinutes(3);

  static String rolled(String image, String extra) {
    return "{:spec {:Image \"" + image + "\" :HostConfig {:Init true} " + QUICK_HEALTH + "}\n"
        + " :deploy [:Before] :stop-timeout 1 :health-timeout 5 :rollout {:parallel 1}" + extra + "}\n";
  }

  /** The image's own health check fails: never healthy. */
  static String bad() {
    return "{:spec {:Image \"" + BAD + "\" :HostConfig {:Init true}}\n"
        + " :deploy [:Before] :stop-timeout 1 :health-timeout 5 :rollout {:parallel 1}}\n";
  }

  /** One host's deploy as Docker saw it: from its first step to its new container healthy. */
  record Window(String instance, long from, long to) {
  }

  @Test
  void hostsDeployOneAtATimeABadImageStopsAtOneHostAndAGoodOneRollsThrough() throws Exception {
    String web = unique("web");
    List<List<String>> members = CondoProcess.loopbackCluster(unique("rollout"), 3);
    String secret = TestSecrets.strong();
    List<CondoProcess> condos = new ArrayList<>();
    List<Path> specs = new ArrayList<>();
    for (int h = 0; h < 3; h++) {
      Path prefix = prefix("specs-" + h);
      writeSpec(prefix, web, rolled(GOOD_1, ""));
      specs.add(prefix);
      CondoProcess condo = condo(Map.of("CONDO_CLUSTER_SECRET", secret), members.get(h), prefix).launch();
      condo.awaitServing(Duration.ofMinutes(2));
      condos.add(condo);
    }
    for (CondoProcess condo : condos) {
      condo.awaitStableOn(web, GOOD_1, T);
    }
    Await.until("every host in every view", T, () -> condos.stream().allMatch(c ->
        new JsonObject(c.get("/v1/global_state").body()).getJsonArray("instances").size() == 3));

    // A new version written on every host at once, as consul-template does.
    try (DockerEventLog events = new DockerEventLog(true, "create", "kill", "health_status")) {
      long since = DockerProbe.nowNanos();
      for (Path prefix : specs) {
        writeSpec(prefix, web, rolled(GOOD_2, ""));
      }
      Set<String> seen = new java.util.LinkedHashSet<>();
      Await.until("every host Stable on good:2, one after the other", T, () -> {
        JsonObject held = anyRollout(condos, web);
        if (held != null) {
          seen.add(held.getString("rollout"));
        }
        return condos.stream().allMatch(c -> "Stable".equals(c.service(web).getString("state"))
            && GOOD_2.equals(c.service(web).getJsonObject("current").getString("image")));
      });
      List<Window> windows = windows(events.labelled(), web, since);
      assertEquals(3, windows.size(), "one deploy per host: " + windows + "\n" + events);
      for (int i = 1; i < windows.size(); i++) {
        assertTrue(windows.get(i).from() > windows.get(i - 1).to(),
            "two hosts deployed at once: " + windows + "\n" + events);
      }
      assertTrue(seen.stream().anyMatch(text -> text.matches("waiting for host-\\d \\(at most 1 at once\\)")),
          "the hosts waiting said for whom: " + seen);
    }

    // A bad image: the first host to get its turn fails; the others keep good:2 and say why.
    try (DockerEventLog events = new DockerEventLog(true, "create")) {
      for (Path prefix : specs) {
        writeSpec(prefix, web, bad());
      }
      Await.until("two hosts stopped by the failure on the third", T, () -> condos.stream()
          .map(c -> c.service(web).getString("rollout"))
          .filter(text -> text != null && text.startsWith("stopped: " + web + " failed on host-")).count() == 2);
      Await.holdsFor("the stopped hosts keep good:2 and never create a bad:1 container", Duration.ofSeconds(8),
          () -> badCreators(events, web).size() == 1 && condos.stream()
              .filter(c -> c.service(web).getString("rollout") != null)
              .allMatch(c -> "Stable".equals(c.service(web).getString("state"))
                  && GOOD_2.equals(c.service(web).getJsonObject("current").getString("image"))));
      JsonObject global = new JsonObject(condos.get(0).get("/v1/global_state").body());
      assertTrue(global.getJsonArray("instances").stream().map(JsonObject.class::cast)
          .filter(i -> i.getJsonObject("services").getJsonObject(web).getString("rollout") != null).count() == 2,
          "the rollout text is in the fleet's view too: " + global.encode());
    }

    // A new spec starts a new rollout: good:1 rolls through every host, the failed one included.
    for (Path prefix : specs) {
      writeSpec(prefix, web, rolled(GOOD_1, ""));
    }
    for (CondoProcess condo : condos) {
      JsonObject done = condo.awaitStableOn(web, GOOD_1, T);
      assertEquals(null, done.getString("rollout"), done.encode());
    }
  }

  private static JsonObject anyRollout(List<CondoProcess> condos, String service) {
    return condos.stream().map(c -> c.service(service)).filter(s -> s != null && s.getString("rollout") != null)
        .findFirst().orElse(null);
  }

  /** The instances that created a container of bad:1 for the service. */
  private static Set<String> badCreators(DockerEventLog events, String service) {
    return events.labelled().stream().filter(e -> e.action().equals("create") && e.service().equals(service)
        && e.image().equals(BAD)).map(DockerEventLog.Labelled::instance).collect(Collectors.toSet());
  }

  /** Per instance: its first kill or create for the service after {@code since}, to its good:2 container healthy. */
  private static List<Window> windows(List<DockerEventLog.Labelled> events, String service, long since) {
    Map<String, List<DockerEventLog.Labelled>> byInstance = events.stream()
        .filter(e -> e.service().equals(service) && e.nanos() >= since)
        .collect(Collectors.groupingBy(DockerEventLog.Labelled::instance));
    List<Window> windows = new ArrayList<>();
    byInstance.forEach((instance, list) -> {
      Set<String> fresh = list.stream().filter(e -> e.action().equals("create") && e.image().equals(GOOD_2))
          .map(DockerEventLog.Labelled::container).collect(Collectors.toSet());
      long from = list.stream().filter(e -> e.action().equals("create") || e.action().startsWith("kill"))
          .mapToLong(DockerEventLog.Labelled::nanos).min().orElse(Long.MAX_VALUE);
      long to = list.stream().filter(e -> fresh.contains(e.container()) && e.action().equals("health_status: healthy"))
          .mapToLong(DockerEventLog.Labelled::nanos).min().orElse(Long.MAX_VALUE);
      windows.add(new Window(instance, from, to));
    });
    windows.sort(Comparator.comparingLong(Window::from));
    return windows;
  }
}
