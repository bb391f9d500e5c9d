package io.condo.bus;

/** The Docker client config (registry credentials) was written; published locally. */
public record CredentialsChanged() {
}
