package io.condo.bus;

import io.condo.fsm.Snapshot;

/** What one service looks like from outside: its snapshot, its file and the file's error, if any. */
public record ServiceStatus(Snapshot snapshot, String file, String fileError) {
}
