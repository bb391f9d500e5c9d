package io.condo.it.harness;

import java.security.SecureRandom;
import java.util.Base64;

/** Cluster secrets as an operator makes them with {@code condo secret}: 256 random bits. */
public final class TestSecrets {

  private TestSecrets() {
  }

  public static String strong() {
    byte[] bits = new byte[32];
    new SecureRandom().nextBytes(bits);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
  }
}
