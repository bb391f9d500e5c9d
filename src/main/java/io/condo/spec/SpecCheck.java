package io.condo.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates spec files as the watcher would: each through {@link SpecFileReader}, and across
 * directories the watcher's rule that the first directory holding {@code <service>.edn} owns the
 * service (a later file of the same name is ignored by a running Condo, so it is a problem here).
 */
public final class SpecCheck {

  /** @param problems one line each, {@code file[:line[:col]]: reason} */
  public record Result(int files, List<String> problems) {
  }

  private SpecCheck() {
  }

  public static Result check(List<Path> paths) {
    List<String> problems = new ArrayList<>();
    Map<String, Path> owners = new HashMap<>();
    int files = 0;
    for (Path path : paths) {
      if (Files.isDirectory(path)) {
        List<Path> specs;
        try {
          specs = SpecFileNames.filesIn(path);
        } catch (IOException e) {
          problems.add(SpecFileReader.cannotRead(path, e).getMessage());
          continue;
        }
        for (Path file : specs) {
          files++;
          String service = SpecFileNames.serviceOf(file);
          Path owner = owners.putIfAbsent(service, file);
          if (owner != null) {
            problems.add(file + ": service " + service + " is already defined by " + owner
                + "; a running Condo ignores this file");
          } else {
            checkOne(file, problems);
          }
        }
      } else if (Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        files++;
        checkOne(path, problems);
      } else {
        problems.add(path + ": no such file or directory");
      }
    }
    return new Result(files, List.copyOf(problems));
  }

  private static void checkOne(Path file, List<String> problems) {
    try {
      SpecFileReader.read(file);
    } catch (SpecException e) {
      problems.add(e.getMessage());
    }
  }
}
