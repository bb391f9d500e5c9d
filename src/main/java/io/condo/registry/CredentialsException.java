package io.condo.registry;

/** Why credentials for a registry could not be had; the message names no secret. */
public final class CredentialsException extends RuntimeException {

  public CredentialsException(String message) {
    super(message);
  }
}
