package io.condo.bus;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * This instance and every service it supervises, by name; {@code stateFileError} says why the
 * state file cannot be written right now (Docker work waits meanwhile), or is null.
 */
public record InstanceState(String instanceId, String host, SortedMap<String, ServiceStatus> services,
                            String stateFileError) {

  public InstanceState {
    services = Collections.unmodifiableSortedMap(new TreeMap<>(services));
  }
}
