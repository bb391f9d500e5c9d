package io.condo.supervisor;

import java.util.SortedMap;

/**
 * This instance and every service it supervises, by name; {@code stateFileError} says why the
 * state file cannot be written right now (Docker work waits meanwhile), or is null.
 */
public record InstanceState(String instanceId, String host, SortedMap<String, ServiceStatus> services,
                            String stateFileError) {
}
