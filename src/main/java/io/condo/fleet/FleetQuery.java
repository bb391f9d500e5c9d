package io.condo.fleet;

/** Asks the fleet verticle for the current {@link FleetSnapshot}. */
public record FleetQuery() {
}
