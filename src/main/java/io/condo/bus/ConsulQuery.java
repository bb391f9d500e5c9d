package io.condo.bus;

/** Asks the Consul verticle for the fleet as Consul has it; answered with a FleetSnapshot. */
public record ConsulQuery() implements Request<FleetSnapshot> {
}
