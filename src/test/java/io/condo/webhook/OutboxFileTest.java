package io.condo.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox's journal: what waits survives the process, and nothing else is kept. */
class OutboxFileTest {

  @TempDir
  Path dir;

  @Test
  void whatWaitedIsReadBackInOrderAndWhatWasDeliveredIsNot() throws Exception {
    OutboxFile file = new OutboxFile(dir.resolve("state"));
    file.load(List.of("a", "b"));
    file.added(OutboxTest.event(1), List.of("a", "b"));
    file.added(OutboxTest.event(2), List.of("a", "b"));
    file.added(OutboxTest.event(3), List.of("a", "b"));
    file.done("a", "e1");
    file.done("b", "e2");
    // As after kill -9: nothing closed, nothing flushed by the process beyond what each write forced.
    Outbox read = new OutboxFile(dir.resolve("state")).load(List.of("a", "b"));
    assertEquals("e2", read.head("a").id());
    assertEquals("e1", read.head("b").id());
    assertEquals(4, read.size());
    assertEquals("{\"n\":3}", read.byEvent().keySet().stream().toList().get(2).body(), "the exact bytes that are signed");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path())));
  }

  @Test
  void aLineCutShortByACrashIsSkippedAndTheRestKept() throws Exception {
    OutboxFile file = new OutboxFile(dir.resolve("state"));
    file.load(List.of("a"));
    file.added(OutboxTest.event(1), List.of("a"));
    Files.writeString(file.path(), "{\"add\":\"e2\",\"to\":[\"a\"],\"bo", StandardOpenOption.APPEND);
    Outbox read = new OutboxFile(dir.resolve("state")).load(List.of("a"));
    assertEquals(1, read.size());
    assertEquals("e1", read.head("a").id());
  }

  @Test
  void aReceiverNoLongerConfiguredIsForgottenOnRewrite() throws Exception {
    OutboxFile file = new OutboxFile(dir.resolve("state"));
    file.load(List.of("a", "b"));
    file.added(OutboxTest.event(1), List.of("a", "b"));
    new OutboxFile(dir.resolve("state")).load(List.of("a"));
    String text = Files.readString(file.path());
    assertEquals(1, text.lines().count());
    assertEquals(false, text.contains("\"b\""), text);
  }

  @Test
  void aFifoInPlaceOfTheFileIsRefusedNotWaitedOn() throws Exception {
    OutboxFile file = new OutboxFile(dir.resolve("state"));
    assertEquals(0, new ProcessBuilder("mkfifo", file.path().toString()).start().waitFor());
    assertThrows(IOException.class, () -> file.load(List.of("a")));
  }

  @Test
  void aBrokenCharacterOrAHostileIdCostsOnlyItsLine() throws Exception {
    OutboxFile file = new OutboxFile(dir.resolve("state"));
    file.load(List.of("a"));
    file.added(OutboxTest.event(1), List.of("a"));
    Files.write(file.path(), new byte[] {'{', '"', 'a', (byte) 0xC3, '\n'}, StandardOpenOption.APPEND);
    Files.writeString(file.path(), "{\"add\":\"e\\r\\nX-Injected: 1\",\"to\":[\"a\"],\"body\":\"{}\"}\n",
        StandardOpenOption.APPEND);
    file.added(OutboxTest.event(2), List.of("a"));
    Outbox read = new OutboxFile(dir.resolve("state")).load(List.of("a"));
    assertEquals(List.of("e1", "e2"), read.byEvent().keySet().stream().map(Outbox.Pending::id).toList());
  }
}
