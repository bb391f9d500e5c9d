package io.condo.bus;

/**
 * Hazelcast's word that a node joined or left, or that this node merged back into the cluster
 * after a split (then {@code node} is this node's), handed to the fleet verticle's event loop.
 */
public record MembershipChange(String node, Kind kind) {

  public enum Kind { JOINED, LEFT, MERGED }
}
