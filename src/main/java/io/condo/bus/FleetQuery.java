package io.condo.bus;

/** Asks the fleet verticle for the current {@link FleetSnapshot}. */
public record FleetQuery() implements Request<FleetSnapshot> {
}
