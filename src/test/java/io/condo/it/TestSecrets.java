package io.condo.it;

import java.security.SecureRandom;
import java.util.Base64;

/** Cluster secrets as an operator makes them with {@code condo secret}: 256 random bits. */
final class TestSecrets {

  private TestSecrets() {
  }

  static String strong() {
    byte[] bits = new byte[32];
    new SecureRandom().nextBytes(bits);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
  }
}
