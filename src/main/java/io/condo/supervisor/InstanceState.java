package io.condo.supervisor;

import java.util.SortedMap;

/** This instance and every service it supervises, by name. */
public record InstanceState(String instanceId, String host, SortedMap<String, ServiceStatus> services) {
}
