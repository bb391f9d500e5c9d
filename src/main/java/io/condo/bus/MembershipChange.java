package io.condo.bus;

/** Hazelcast's word that a node joined or left, handed to the fleet verticle's event loop. */
public record MembershipChange(String node, boolean joined) {
}
