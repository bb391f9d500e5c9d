package io.condo.bus;

import io.condo.fsm.Snapshot;

/**
 * What one service looks like from outside: its snapshot, its file and the file's error, if any,
 * and where it stands in a fleet rollout ({@code rollout}: whom it waits for, what stopped it; null
 * when it is not held back).
 */
public record ServiceStatus(Snapshot snapshot, String file, String fileError, String rollout) {

  public ServiceStatus(Snapshot snapshot, String file, String fileError) {
    this(snapshot, file, fileError, null);
  }
}
