package io.condo.self;

/**
 * This Condo as a self-deploy needs to know it: its container (null when not in one), that
 * container's name and image, and the hash of the {@code self.edn} body it was started from
 * (null when started by hand).
 */
record SelfIdentity(String containerId, String name, String image, String startedFrom) {
}
