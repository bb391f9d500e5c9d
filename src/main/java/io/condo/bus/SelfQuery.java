package io.condo.bus;

/** Asks the self-deploy verticle for this Condo's {@link SelfStatus}. */
public record SelfQuery() implements Request<SelfStatus> {
}
