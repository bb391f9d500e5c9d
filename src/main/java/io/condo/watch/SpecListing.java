package io.condo.watch;

import io.condo.bus.SpecFileEvent;
import io.condo.spec.SpecException;
import io.condo.spec.SpecFileNames;
import io.condo.spec.SpecFileReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The spec files of some prefixes as the watcher's first complete listing has them: every
 * {@code <service>.edn}, the first prefix holding a name owning the service, each file read
 * through {@link SpecFileReader}. For tools that read what a Condo would read, without running one.
 */
public final class SpecListing {

  private SpecListing() {
  }

  /** One event per service: its spec, or why its file cannot be used. A prefix that cannot be listed is skipped. */
  public static List<SpecFileEvent> read(List<Path> prefixes) {
    Map<String, Path> owners = new LinkedHashMap<>();
    for (Path prefix : prefixes) {
      try {
        for (Path file : SpecFileNames.filesIn(prefix)) {
          owners.putIfAbsent(SpecFileNames.serviceOf(file), file);
        }
      } catch (IOException e) {
        // As the watcher: a prefix that cannot be listed now adds no service.
      }
    }
    List<SpecFileEvent> events = new ArrayList<>();
    owners.forEach((service, file) -> {
      try {
        events.add(new SpecFileEvent.SpecUpdated(service, file, SpecFileReader.read(file)));
      } catch (SpecException e) {
        events.add(new SpecFileEvent.SpecInvalid(service, file, e.getMessage()));
      }
    });
    return events;
  }
}
