package io.condo.spec;

import java.util.Optional;
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
    if (fileName.startsWith(".") || !fileName.endsWith(".edn") || fileName.length() == 4) {
      return Optional.empty();
    }
    String name = fileName.substring(0, fileName.length() - 4);
    return name.equals(SELF) ? Optional.empty() : Optional.of(name);
  }

  /** Whether Docker accepts the name inside a container name. */
  public static boolean isValidServiceName(String name) {
    return SERVICE_NAME.matcher(name).matches() && name.length() <= 200;
  }
}
