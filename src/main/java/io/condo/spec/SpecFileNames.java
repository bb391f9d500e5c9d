package io.condo.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.regex.Pattern;

/**
 * Which file names are services: {@code <name>.edn} exactly, not hidden. Editor and temp files
 * ({@code .#x.edn}, {@code x.edn~}, {@code x.edn.swp}, {@code x.edn.tmp}), {@code *.edn.ctmpl} and
 * {@code self.edn} (Condo's own spec) are not.
 */
public final class SpecFileNames {

  public static final String SELF = "self";
  private static final Pattern SERVICE_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

  private SpecFileNames() {
  }

  /** The candidate service name of a file name, if it is a spec file at all. */
  public static Optional<String> serviceOf(String fileName) {
    return watchedName(fileName).filter(name -> !name.equals(SELF));
  }

  /** What the watcher follows: a service's spec file, or {@code self.edn} (named {@link #SELF}). */
  public static Optional<String> watchedName(String fileName) {
    if (fileName.startsWith(".") || !fileName.endsWith(".edn") || fileName.length() == 4) {
      return Optional.empty();
    }
    return Optional.of(fileName.substring(0, fileName.length() - 4));
  }

  /** Whether Docker accepts the name inside a container name. */
  public static boolean isValidServiceName(String name) {
    return SERVICE_NAME.matcher(name).matches() && name.length() <= 200;
  }

  /** The files of a directory the watcher takes for spec files, by name. */
  public static List<Path> filesIn(Path directory) throws IOException {
    try (Stream<Path> listing = Files.list(directory)) {
      // Subdirectories are not specs; any other entry is, and one that is not a regular file (a
      // FIFO, a device, a dangling link) is reported when it is read, never opened.
      return listing.filter(f -> serviceOf(f.getFileName().toString()).isPresent())
          .filter(f -> !Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
    }
  }

  /** The service a spec file is for (the file is one, by name). */
  public static String serviceOf(Path file) {
    return serviceOf(file.getFileName().toString()).orElseThrow();
  }
}
