package io.condo.supervisor;

/** Asks the supervisor to stop and remove every container it owns (the opt-in exit behaviour). */
public record StopAll() {
}
