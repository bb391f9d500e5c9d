package io.condo.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.condo.it.harness.Await;
import io.condo.it.harness.CondoProcess;
import io.condo.it.harness.CondoTestBase;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code --image-keep N} against a real dockerd: four versions, a foreign image beside them. */
class ImageGcIT extends CondoTestBase {

  static final Duration T = Duration.ofSeconds(40);
  private final List<String> images = new ArrayList<>();

  @AfterEach
  void removeImages() {
    images.forEach(docker::removeImage);
  }

  @Test
  void keepsTheImagesOfTheLastTwoSpecsAndRemovesOlderOnesButNeverAForeignImage() throws Exception {
    String repo = "condo-test/" + unique("gc");
    String source = docker.createAndStart(unique("gc-source"), new JsonObject().put("Image", GOOD_1));
    removeAfterTest(source);
    for (String tag : List.of("1", "2", "3", "4", "foreign")) {
      docker.commit(source, repo, tag);
      images.add(repo + ":" + tag);
    }
    String foreign = repo + ":foreign";

    Path specs = prefix("specs");
    String web = unique("web");
    CondoProcess condo = condo(Map.of(), List.of("--image-keep", "2"), specs).start();
    for (String tag : List.of("1", "2", "3", "4")) {
      writeSpec(specs, web, spec(repo + ":" + tag, "[:Before]"));
      condo.awaitStableOn(web, repo + ":" + tag, T);
    }
    Await.until("the images of specs 1 and 2 removed", T,
        () -> !docker.imageExists(repo + ":1") && !docker.imageExists(repo + ":2"));
    Await.holdsFor("the images of the last two specs kept", Duration.ofSeconds(3),
        () -> docker.imageExists(repo + ":3") && docker.imageExists(repo + ":4"));
    assertTrue(docker.imageExists(foreign), "an image Condo never used is never touched");
    assertTrue(docker.imageExists(GOOD_1), "nor the image those were made from");
    String metrics = condo.get("/metrics").body();
    assertTrue(metrics.lines().anyMatch(l -> l.startsWith("condo_images_removed_total{")
        && l.contains("service=\"" + web + "\"") && l.endsWith(" 2.0")), metrics);
    assertTrue(condo.logText().contains("image GC: removed " + repo + ":1"), "the log says what went");
    assertFalse(condo.logText().contains("image GC: removed " + foreign));
  }
}
