package io.condo.watch;

import io.condo.bus.SpecFileEvent;
import io.condo.bus.SpecFileEvent.SpecInvalid;
import io.condo.bus.SpecFileEvent.SpecRemoved;
import io.condo.bus.SpecFileEvent.SpecUpdated;
import io.condo.spec.ServiceSpec;
import io.condo.spec.SpecException;
import io.condo.spec.SpecFileNames;
import io.condo.spec.SpecFileReader;
import io.condo.spec.SpecLimits;
import io.condo.spec.SpecParser;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The prefixes read against what was last sent for each service: which file owns a name (the
 * first prefix; a second is a conflict, reported once), whether its bytes changed, and the event
 * that says so. Blocking file work; used only inside the watcher's ordered scans, so never by two
 * threads at once.
 */
final class PrefixScan {

  private static final Logger LOG = LoggerFactory.getLogger(SpecWatcherVerticle.class);

  private final List<Path> prefixes;
  private final Map<String, Published> published = new HashMap<>();
  private final Set<String> reported = new HashSet<>();

  PrefixScan(List<Path> prefixes) {
    this.prefixes = prefixes;
  }

  /**
   * What was last sent for a service: its file, the file's size and times when read, the bytes
   * read, and their error if unusable.
   */
  private record Published(Path file, FileStamp stamp, byte[] content, String error) {

    boolean same(Path otherFile, byte[] otherContent) {
      return file.equals(otherFile) && Arrays.equals(content, otherContent);
    }
  }

  /** Enough of a file's metadata (links followed) to know it was not rewritten, without reading it. */
  private record FileStamp(Object key, int mode, long size, long modifiedNanos, long changedNanos) {

    static FileStamp of(Path file) throws IOException {
      Map<String, Object> unix = Files.readAttributes(file, "unix:ino,mode,size,lastModifiedTime,ctime");
      return new FileStamp(unix.get("ino"), (Integer) unix.get("mode"), (Long) unix.get("size"),
          nanos(unix.get("lastModifiedTime")), nanos(unix.get("ctime")));
    }

    private static long nanos(Object time) {
      java.nio.file.attribute.FileTime t = (java.nio.file.attribute.FileTime) time;
      return t.to(java.util.concurrent.TimeUnit.NANOSECONDS);
    }
  }

  /** Every service named by a file in a prefix, and every one sent before (so a deletion is seen). */
  Set<String> allNames() {
    Set<String> names = new LinkedHashSet<>(published.keySet());
    for (Path prefix : prefixes) {
      if (!Files.isDirectory(prefix)) {
        continue;
      }
      try (DirectoryStream<Path> files = Files.newDirectoryStream(prefix, "*.edn")) {
        for (Path file : files) {
          SpecFileNames.watchedName(file.getFileName().toString()).ifPresent(names::add);
        }
      } catch (IOException e) {
        if (reported.add("list:" + prefix + e.getMessage())) {
          LOG.warn("cannot list {}: {}", prefix, e.getMessage());
        }
      }
    }
    return names;
  }

  /** What changed among {@code names}, one event each; {@code read} false reads a file only when its size or times changed. */
  List<SpecFileEvent> evaluate(Set<String> names, boolean read) {
    List<SpecFileEvent> events = new ArrayList<>();
    for (String name : names) {
      SpecFileEvent event;
      try {
        event = evaluate(name, read);
      } catch (RuntimeException | StackOverflowError e) {
        // One file, whatever is wrong with it, never stops the others being read.
        LOG.error("{}: its spec file could not be read ({}); the others go on", name, e.getClass().getSimpleName());
        continue;
      }
      if (event != null) {
        events.add(event);
      }
    }
    return events;
  }

  /** The event for one service name, or null when nothing changed. */
  private SpecFileEvent evaluate(String name, boolean read) {
    List<Path> candidates = new ArrayList<>();
    for (Path prefix : prefixes) {
      Path file = prefix.resolve(name + ".edn");
      // Any entry but a subdirectory is a spec the operator meant: a link that cannot be followed
      // (dangling, a loop), a FIFO or a device is reported, never opened.
      if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
        candidates.add(file);
      }
    }
    Published before = published.get(name);
    if (candidates.isEmpty()) {
      if (before == null) {
        return null;
      }
      published.remove(name);
      LOG.info("{}: spec file {} deleted", name, before.file());
      return new SpecRemoved(name, before.file());
    }
    Path file = candidates.get(0);
    for (Path other : candidates.subList(1, candidates.size())) {
      if (reported.add("conflict:" + other)) {
        LOG.error("{}: service {} is already defined by {}; this file is ignored", other, name, file);
      }
    }
    FileStamp stamp;
    try {
      stamp = FileStamp.of(file);
    } catch (IOException e) {
      return invalid(name, file, null, new byte[0], SpecFileReader.cannotRead(file, e));
    }
    if (!read && before != null && before.file().equals(file) && stamp.equals(before.stamp())) {
      return null;
    }
    if (!SpecFileReader.isRegular(stamp.mode())) {
      return invalid(name, file, stamp, new byte[0], SpecFileReader.notRegular(file, stamp.mode()));
    }
    byte[] content;
    try {
      content = SpecFileReader.content(file);
    } catch (SpecException e) {
      // Too large is known from the stamp; a failed read is tried again at the next look.
      return invalid(name, file, stamp.size() > SpecLimits.MAX_FILE_BYTES ? stamp : null, new byte[0], e);
    }
    if (before != null && before.same(file, content)) {
      published.put(name, new Published(file, stamp, before.content(), before.error()));
      return null;
    }
    try {
      ServiceSpec spec = name.equals(SpecFileNames.SELF) ? SpecParser.parseSelf(file, content)
          : SpecFileReader.parse(name, file, content);
      published.put(name, new Published(file, stamp, content, null));
      return new SpecUpdated(name, file, spec);
    } catch (SpecException e) {
      return invalid(name, file, stamp, content, e);
    }
  }

  /** Says it once per distinct content and error, not at every re-list. */
  private SpecFileEvent invalid(String name, Path file, FileStamp stamp, byte[] content, SpecException error) {
    Published before = published.get(name);
    if (before != null && before.same(file, content) && error.getMessage().equals(before.error())) {
      published.put(name, new Published(file, stamp, content, before.error()));
      return null;
    }
    published.put(name, new Published(file, stamp, content, error.getMessage()));
    LOG.error("{}: {} (what runs is left as it is)", name, error.getMessage());
    return new SpecInvalid(name, file, error.getMessage());
  }
}
