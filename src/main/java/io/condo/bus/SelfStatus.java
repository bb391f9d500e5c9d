package io.condo.bus;

/**
 * This Condo as {@code /v1/state}'s {@code "self"} shows it: the image it runs ({@code null} when
 * it does not run in a container), the hash of the {@code self.edn} body it was started from (null
 * when started by hand), what its self-deploy is doing ({@code running}, {@code waiting} for its
 * turn in the fleet, {@code deploying}, {@code handing-over}), the last self-deploy failure, or
 * null, and what of the fleet's roll holds this host back (another host's hand-over, another
 * host's failure), or null.
 */
public record SelfStatus(String image, String startedFrom, String state, String error, String roll) {
}
