package io.condo.bus;

import java.time.Instant;

/**
 * Published after every change of a service's status; {@code status} null means forgotten.
 * {@code reason} says why ({@link io.condo.fsm.Reason}, as events write it).
 */
public record ServiceTransition(String instanceId, String service, String from, ServiceStatus status,
                                Instant at, String reason) {
}
