package io.condo.it;

import io.condo.it.harness.Await;
import io.condo.it.harness.CondoImage;
import io.condo.it.harness.CondoProcess;
import io.condo.it.harness.CondoTestBase;
import io.condo.it.harness.TestHttp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Condo's own Dockerfile, built offline on a local Java base image, run as a container that
 * supervises a sibling container through the mounted Docker socket, with the image's defaults
 * (state and specs in /var/lib/condo, HTTP on port 80).
 */
class DockerImageIT extends CondoTestBase {

  @Test
  void theImageRunsCondoThatManagesASiblingContainer() throws Exception {
    String image = CondoImage.build();
    Path specs = prefix("var-lib-condo");
    String web = unique("web");
    writeSpec(specs, web, spec(GOOD_1, "[:Before]"));
    int port = CondoProcess.freePort();
    String condo = CondoImage.docker("run", "-d", "--name", unique("condo-it"),
        "--health-interval", "1s", "--health-start-period", "1s",
        "-v", "/var/run/docker.sock:/var/run/docker.sock", "-v", specs + ":/var/lib/condo",
        "-p", "127.0.0.1:" + port + ":80", image);
    removeAfterTest(condo);

    JsonObject service = Await.until("the sibling to be Stable", Duration.ofSeconds(60), () -> {
      JsonObject state = new JsonObject(TestHttp.get("http://127.0.0.1:" + port + "/v1/state").body());
      removeInstanceAfterTest(state.getString("instance"));
      return state.getJsonObject("services").getJsonObject(web);
    }, s -> s != null && "Stable".equals(s.getString("state")));
    assertEquals("/var/lib/condo/" + web + ".edn", service.getString("file"));
    String sibling = id(service, "current");
    assertEquals(List.of(sibling), docker.runningIds(serviceLabel(web)));
    assertTrue(specs.resolve("state").toFile().exists(), "state kept in /var/lib/condo");
    Await.until("Condo's own container to be healthy", Duration.ofSeconds(60),
        () -> "healthy".equals(docker.inspect(condo).getJsonObject("State").getJsonObject("Health")
            .getString("Status")));
  }

  @Test
  void theImageStartsCondoWithItsClassDataArchive() throws Exception {
    String image = CondoImage.build();
    // -Xshare:on refuses to start when the archive cannot be used: a stale, missing or foreign one.
    String version = CondoImage.docker("run", "--rm", "--entrypoint", "java", image, "-Xshare:on",
        "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-XX:+UseSerialGC", "-Xmx256m",
        "-XX:SharedArchiveFile=/opt/condo/condo.jsa", "-jar", "/opt/condo/condo.jar", "--version");
    assertTrue(version.startsWith("condo "), version);
    String entrypoint = CondoImage.docker("image", "inspect", "--format", "{{json .Config.Entrypoint}} {{json .Config.Healthcheck.Test}}", image);
    assertEquals(2, entrypoint.split("-XX:SharedArchiveFile=/opt/condo/condo.jsa", -1).length - 1,
        "the entry point and the health check both map it: " + entrypoint);
  }
}
