package io.condo.self;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The id of the container this process runs in, as the kernel shows it: the cgroup path (cgroup
 * v1: {@code /docker/<id>}) or, under cgroup v2, the files Docker mounts from the container's own
 * folder ({@code /var/lib/docker/containers/<id>/hostname}). None when not in a Docker container.
 */
final class OwnContainer {

  private static final Pattern CGROUP = Pattern.compile("/docker[/-]([0-9a-f]{64})");
  private static final Pattern MOUNT = Pattern.compile("/containers/([0-9a-f]{64})/(?:hostname|hosts|resolv\\.conf)");

  private OwnContainer() {
  }

  static Optional<String> idFrom(String cgroup, String mountinfo) {
    return firstId(CGROUP, cgroup).or(() -> firstId(MOUNT, mountinfo));
  }

  private static Optional<String> firstId(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  static Optional<String> find() {
    return idFrom(read(Path.of("/proc/self/cgroup")), read(Path.of("/proc/self/mountinfo")));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }
}
