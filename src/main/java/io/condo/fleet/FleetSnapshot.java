package io.condo.fleet;

import java.util.List;

/** Every live instance of the fleet, this one first. Published locally after every change. */
public record FleetSnapshot(List<InstanceView> instances) {
}
