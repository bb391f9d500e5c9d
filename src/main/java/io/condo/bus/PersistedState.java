package io.condo.bus;

import io.condo.fsm.Snapshot;
import java.util.Map;

/** Everything Condo must remember across a crash: its instance id and every service's snapshot. */
public record PersistedState(String instanceId, Map<String, ServiceRecord> services) {

  public PersistedState {
    services = Map.copyOf(services);
  }

  /** One service: its snapshot and the spec file it came from. */
  public record ServiceRecord(Snapshot snapshot, String file) {
  }
}
