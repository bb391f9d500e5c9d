package io.condo.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageHistoryTest {

  @TempDir
  Path dir;

  @Test
  void keepsTheNewestNAndOffersTheRestOldestFirst() {
    ImageHistory history = new ImageHistory();
    List.of("a:1", "a:2", "a:3", "a:4").forEach(image -> history.used("web", image));
    assertEquals(List.of("a:1", "a:2"), history.collectable("web", 2, Set.of()));
    assertEquals(List.of(), history.collectable("web", 4, Set.of()));
  }

  @Test
  void anImageRunAgainIsNewAgain() {
    ImageHistory history = new ImageHistory();
    List.of("a:1", "a:2", "a:3", "a:1").forEach(image -> history.used("web", image));
    assertEquals(List.of("a:2"), history.collectable("web", 2, Set.of()));
    assertFalse(history.used("web", "a:1"), "the newest used again changes nothing");
  }

  @Test
  void anImageAnotherServiceKeepsOrAContainerUsesStays() {
    ImageHistory history = new ImageHistory();
    List.of("shared:1", "a:2", "a:3").forEach(image -> history.used("web", image));
    history.used("api", "shared:1");
    assertEquals(List.of(), history.collectable("web", 2, Set.of()), "api still keeps shared:1");
    history.used("other", "o:1");
    List.of("o:2", "o:3").forEach(image -> history.used("other", image));
    assertEquals(List.of(), history.collectable("other", 2, Set.of("o:1")), "o:1 runs");
  }

  @Test
  void removedImagesAreForgottenAndTheFileKeepsTheOrder() throws Exception {
    ImageHistory history = new ImageHistory();
    List.of("a:1", "a:2", "a:3").forEach(image -> history.used("web", image));
    history.removed("web", "a:1");
    ImageHistoryFile file = new ImageHistoryFile(dir.resolve("state"));
    file.write(history.asMap());
    assertEquals(Map.of("web", List.of("a:3", "a:2")), file.load().asMap());
    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(file.path())));
  }

  @Test
  void aFileThatIsNotAHistoryStartsAfreshAndRemovesNothing() throws Exception {
    ImageHistoryFile file = new ImageHistoryFile(dir.resolve("state"));
    Files.writeString(file.path(), "{\"web\": 3, \"api\": [null, \"\", \"x:1\"]");
    assertEquals(Map.of(), file.load().asMap());
    Files.writeString(file.path(), "{\"api\": [null, \"\", \"x:1\"]}");
    assertEquals(Map.of("api", List.of("x:1")), file.load().asMap());
  }

  @Test
  void aFifoInPlaceOfTheFileIsRefusedNotWaitedOn() throws Exception {
    ImageHistoryFile file = new ImageHistoryFile(dir.resolve("state"));
    Process mkfifo = new ProcessBuilder("mkfifo", file.path().toString()).start();
    assertEquals(0, mkfifo.waitFor());
    assertEquals(Map.of(), file.load().asMap());
  }
}
