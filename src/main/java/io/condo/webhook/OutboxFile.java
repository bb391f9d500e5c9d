package io.condo.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.condo.persist.DurableFile;
import io.condo.persist.OwnerOnly;
import java.io.BufferedReader;
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

  private final Path path;
  private FileChannel out;

  OutboxFile(Path stateFile) {
    Path absolute = stateFile.toAbsolutePath();
    this.path = absolute.resolveSibling(absolute.getFileName() + ".outbox");
  }

  Path path() {
    return path;
  }

  /** What was pending for {@code receivers} when the last Condo stopped; the file is then rewritten with only that. */
  Outbox load(Collection<String> receivers) throws IOException {
    Outbox outbox = new Outbox(receivers);
    if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) || Files.size(path) > MAX_BYTES) {
        throw new IOException(path + " is not a regular file of at most " + MAX_BYTES + " bytes; move it away");
      }
      replay(outbox);
    }
    rewrite(outbox.byEvent());
    return outbox;
  }

  private void replay(Outbox outbox) throws IOException {
    long seq = 0;
    int unreadable = 0;
    try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        JsonNode json;
        try {
          json = JSON.readTree(line);
        } catch (IOException e) {
          unreadable++; // a line cut short by a crash, the last one: it was never acted on
          continue;
        }
        if (json != null && json.path("add").isTextual() && json.path("body").isTextual()) {
          List<String> to = textsOf(json.path("to"));
          outbox.add(new Outbox.Pending(++seq, json.get("add").asText(), json.path("service").asText(""),
              json.path("at").asLong(0), json.get("body").asText()), to);
        } else if (json != null && json.path("done").isTextual() && json.path("to").isTextual()) {
          outbox.done(json.get("to").asText(), json.get("done").asText());
        } else {
          unreadable++;
        }
      }
    }
    if (unreadable > 0) {
      LOG.warn("webhook outbox {}: {} line(s) not read (cut short by a crash)", path, unreadable);
    }
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
    ObjectNode line = JSON.createObjectNode().put("add", pending.id()).put("service", pending.service())
        .put("at", pending.addedAtMillis());
    to.forEach(line.putArray("to")::add);
    line.put("body", pending.body());
    append(line);
  }

  void done(String receiver, String id) throws IOException {
    append(JSON.createObjectNode().put("done", id).put("to", receiver));
  }

  /** The file replaced by exactly what is pending ({@link Outbox#byEvent()}), atomically. */
  void rewrite(Map<Outbox.Pending, List<String>> pending) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (Map.Entry<Outbox.Pending, List<String>> e : pending.entrySet()) {
      Outbox.Pending p = e.getKey();
      ObjectNode line = JSON.createObjectNode().put("add", p.id()).put("service", p.service())
          .put("at", p.addedAtMillis());
      e.getValue().forEach(line.putArray("to")::add);
      line.put("body", p.body());
      bytes.write(JSON.writeValueAsBytes(line));
      bytes.write('\n');
    }
    close();
    DurableFile.write(path, bytes.toByteArray());
    OwnerOnly.restrict(path);
    out = FileChannel.open(path, Set.of(StandardOpenOption.WRITE, StandardOpenOption.APPEND,
        LinkOption.NOFOLLOW_LINKS));
  }

  private void append(ObjectNode line) throws IOException {
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
