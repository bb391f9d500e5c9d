package io.condo.bus;

import io.condo.spec.ServiceSpec;

import java.nio.file.Path;
import java.util.List;

/** What the spec-file watcher tells the supervisor. */
public sealed interface SpecFileEvent {

  String service();

  record SpecUpdated(String service, Path file, ServiceSpec spec) implements SpecFileEvent {
  }

  /** The file exists but cannot be used; what runs is left alone. */
  record SpecInvalid(String service, Path file, String error) implements SpecFileEvent {
  }

  record SpecRemoved(String service, Path file) implements SpecFileEvent {
  }

  /** The first complete listing: services absent from it have had their files deleted. */
  record SpecsListed(List<SpecFileEvent> present) implements SpecFileEvent {

    public SpecsListed {
      present = List.copyOf(present);
    }
    public String service() {
      return null;
    }
  }
}
