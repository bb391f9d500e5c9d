package io.condo.fleet;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Refuses a cluster secret that a guesser would find early: too short, too few different
 * characters, a short piece repeated, mostly runs ({@code abcd}, {@code 1234}, {@code aaaa}), or
 * little besides common words, the cluster's own name, digits and punctuation. The reason never
 * quotes the secret.
 */
public final class SecretStrength {

  public static final int MIN_LENGTH = 20;
  private static final int MIN_DISTINCT = 8;
  /** What must remain once the common words, digits and punctuation are taken out. */
  private static final int MIN_REMAINDER = 8;
  private static final List<String> COMMON = List.of("password", "passw0rd", "secret", "changeme", "change",
      "letmein", "admin", "qwertyuiop", "qwerty", "asdfghjkl", "asdf", "zxcvbnm", "welcome", "default",
      "example", "condo", "cluster", "fleet", "docker", "test", "login", "master", "root", "hello", "dragon",
      "monkey", "iloveyou", "trustno1", "production", "prod", "staging");

  private SecretStrength() {
  }

  /** Why the secret is too weak for a fleet of this name, or empty when it will do. */
  public static Optional<String> weakness(String secret, String clusterName) {
    int length = secret.codePointCount(0, secret.length());
    if (length < MIN_LENGTH) {
      return Optional.of("it has " + length + " characters; at least " + MIN_LENGTH + " are needed");
    }
    long distinct = secret.codePoints().distinct().count();
    if (distinct < MIN_DISTINCT) {
      return Optional.of("it uses only " + distinct + " different characters");
    }
    if (isRepeatedPiece(secret)) {
      return Optional.of("it is one short piece repeated");
    }
    if (isMostlyRuns(secret)) {
      return Optional.of("it is mostly runs like abcd, 1234 or aaaa");
    }
    if (withoutTheObvious(secret, clusterName).length() < MIN_REMAINDER) {
      return Optional.of("it is little more than common words, the cluster name, digits and punctuation");
    }
    return Optional.empty();
  }

  private static boolean isRepeatedPiece(String s) {
    for (int period = 1; period <= s.length() / 2; period++) {
      boolean repeats = true;
      for (int i = period; i < s.length() && repeats; i++) {
        repeats = s.charAt(i) == s.charAt(i - period);
      }
      if (repeats) {
        return true;
      }
    }
    return false;
  }

  private static boolean isMostlyRuns(String s) {
    int steps = 0;
    for (int i = 1; i < s.length(); i++) {
      if (Math.abs(s.charAt(i) - s.charAt(i - 1)) <= 1) {
        steps++;
      }
    }
    return steps * 2 >= s.length();
  }

  private static String withoutTheObvious(String secret, String clusterName) {
    String rest = secret.toLowerCase(Locale.ROOT);
    if (clusterName != null && clusterName.length() >= 3) {
      rest = rest.replace(clusterName.toLowerCase(Locale.ROOT), "");
    }
    for (String word : COMMON) {
      rest = rest.replace(word, "");
    }
    return rest.replaceAll("[\\p{Punct}\\p{Digit}\\s]", "");
  }
}
