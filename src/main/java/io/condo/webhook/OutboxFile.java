package io.condo.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.condo.persist.DurableFile;
import io.condo.persist.OwnerOnly;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.util.regex.Pattern;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook outbox's journal beside the state file ({@code state.outbox}, owner-only): one JSON
 * line per event added ({@code {"add": id, "service", "at", "to": [receiver keys], "body"}}) and
 * one per event a receiver is done with ({@code {"done": id, "to": key}}), each forced to disk
 * before the next, so a {@code kill -9} at any instant loses nothing written. Read back and
 * rewritten whole (atomically) at start, and again whenever the lines outgrow what is pending.
 * Receivers are named by key, never by URL.
 */
final class OutboxFile implements Closeable {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxFile.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Past this the file is not read: 10,000 events a receiver stay far below it. */
  static final long MAX_BYTES = 512L * 1024 * 1024;
  /** A line longer than this is not Condo's: an event's body is bounded well below it. */
  private static final int MAX_LINE = 1024 * 1024;
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,256}");

  private final Path path;
  private FileChannel out;

  OutboxFile(Path stateFile) {
    Path absolute = stateFile.toAbsolutePath();
    this.path = absolute.resolveSibling(absolute.getFileName() + ".outbox");
  }

  Path path() {
    return path;
  }

  /**
   * A file that cannot be read as a journal at all: moved aside, never overwritten, so what waited
   * in it can still be recovered by hand.
   */
  Path moveAside() throws IOException {
    Path aside = path.resolveSibling(path.getFileName() + ".unread-" + System.currentTimeMillis());
    Files.move(path, aside, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return aside;
  }

  /** What was pending for {@code receivers} when the last Condo stopped; the file is then rewritten with only that. */
  Outbox load(Collection<String> receivers) throws IOException {
    Outbox outbox = read(receivers);
    rewrite(outbox.byEvent());
    return outbox;
  }

  /** What was pending for {@code receivers} when the last Condo stopped, the file left as it is. */
  Outbox read(Collection<String> receivers) throws IOException {
    Outbox outbox = new Outbox(receivers);
    if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) || Files.size(path) > MAX_BYTES) {
        throw new IOException("not a regular file of at most " + MAX_BYTES + " bytes");
      }
      replay(outbox);
    }
    return outbox;
  }

  private void replay(Outbox outbox) throws IOException {
    long seq = 0;
    int unreadable = 0;
    long now = System.currentTimeMillis();
    try (InputStream in = new BufferedInputStream(Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS))) {
      for (byte[] line = nextLine(in); line != null; line = nextLine(in)) {
        JsonNode json = line.length == 0 ? null : parse(line);
        if (json != null && isId(json.path("add")) && json.path("body").isTextual()) {
          List<String> to = textsOf(json.path("to"));
          // A date ahead of this clock would never be given up on: it counts from now.
          long at = Math.min(json.path("at").asLong(now), now);
          outbox.add(new Outbox.Pending(++seq, json.get("add").asText(), json.path("service").asText(""), at,
              json.get("body").asText()), to);
        } else if (json != null && isId(json.path("done")) && json.path("to").isTextual()) {
          outbox.done(json.get("to").asText(), json.get("done").asText());
        } else if (line.length > 0) {
          unreadable++;
        }
      }
    }
    if (unreadable > 0) {
      LOG.warn("webhook outbox {}: {} line(s) not read (cut short by a crash, or not Condo's)", path, unreadable);
    }
  }

  /** Ids are Condo's event ids: headers and logs carry them, so nothing else passes. */
  private static boolean isId(JsonNode node) {
    return node.isTextual() && ID.matcher(node.asText()).matches();
  }

  private static JsonNode parse(byte[] line) {
    try {
      // Decoded leniently: a line cut inside a character is one unreadable line, not a lost file.
      return JSON.readTree(new String(line, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return null;
    }
  }

  /** The next line's bytes, or null at the end; a line longer than {@link #MAX_LINE} comes back empty. */
  private static byte[] nextLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    boolean tooLong = false;
    int b = in.read();
    if (b == -1) {
      return null;
    }
    while (b != -1 && b != '\n') {
      if (line.size() < MAX_LINE) {
        line.write(b);
      } else {
        tooLong = true;
      }
      b = in.read();
    }
    return tooLong ? new byte[0] : line.toByteArray();
  }

  private static List<String> textsOf(JsonNode array) {
    java.util.ArrayList<String> texts = new java.util.ArrayList<>();
    array.forEach(n -> {
      if (n.isTextual()) {
        texts.add(n.asText());
      }
    });
    return texts;
  }

  void added(Outbox.Pending pending, Collection<String> to) throws IOException {
    append(addLine(pending, to));
  }

  /** The line that queues {@code pending} for {@code to}: appended as it happens, and again in each rewrite. */
  private static ObjectNode addLine(Outbox.Pending pending, Collection<String> to) {
    ObjectNode line = JSON.createObjectNode().put("add", pending.id()).put("service", pending.service())
        .put("at", pending.addedAtMillis());
    to.forEach(line.putArray("to")::add);
    return line.put("body", pending.body());
  }

  void done(String receiver, String id) throws IOException {
    append(JSON.createObjectNode().put("done", id).put("to", receiver));
  }

  /** The file replaced by exactly what is pending ({@link Outbox#byEvent()}), atomically. */
  void rewrite(Map<Outbox.Pending, List<String>> pending) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (Map.Entry<Outbox.Pending, List<String>> e : pending.entrySet()) {
      bytes.write(JSON.writeValueAsBytes(addLine(e.getKey(), e.getValue())));
      bytes.write('\n');
    }
    DurableFile.write(path, bytes.toByteArray());
    OwnerOnly.restrict(path);
    close();
    out = FileChannel.open(path, Set.of(StandardOpenOption.WRITE, StandardOpenOption.APPEND,
        LinkOption.NOFOLLOW_LINKS));
  }

  private void append(ObjectNode line) throws IOException {
    if (out == null) {
      throw new IOException("the journal is not open");
    }
    byte[] json = JSON.writeValueAsBytes(line);
    ByteBuffer buffer = ByteBuffer.allocate(json.length + 1).put(json).put((byte) '\n').flip();
    while (buffer.hasRemaining()) {
      out.write(buffer);
    }
    out.force(false);
  }

  @Override
  public void close() throws IOException {
    if (out != null) {
      out.close();
      out = null;
    }
  }
}
