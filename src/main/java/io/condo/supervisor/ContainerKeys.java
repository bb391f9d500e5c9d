package io.condo.supervisor;

import java.security.SecureRandom;

/** Fresh container keys, {@code <service>_<random suffix>}, also the default container name. */
final class ContainerKeys {

  private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private ContainerKeys() {
  }

  static String fresh(String service) {
    StringBuilder key = new StringBuilder(service).append('_');
    for (int i = 0; i < 6; i++) {
      key.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return key.toString();
  }
}
