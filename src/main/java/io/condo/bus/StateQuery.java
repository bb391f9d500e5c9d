package io.condo.bus;

/** Asks the supervisor for this instance's state; answered with an {@link InstanceState}. */
public record StateQuery() implements Request<InstanceState> {
}
