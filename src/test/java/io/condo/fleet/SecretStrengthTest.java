package io.condo.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretStrengthTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "the-secret                    | it has 10 characters; at least 20 are needed",
      "s3cret-web-1234567            | it has 18 characters; at least 20 are needed",
      "aaaaaaaaaaaaaaaaaaaaaaaaaaaa  | it uses only 1 different characters",
      "ab12ab12ab12ab12ab12ab12ab12  | it uses only 4 different characters",
      "abcdefgh1abcdefgh1abcdefgh1   | it is one short piece repeated",
      "abcdefghijklmnopqrstuvwxyz    | it is mostly runs like abcd, 1234 or aaaa",
      "12345678901234567890-qwe      | it is mostly runs like abcd, 1234 or aaaa",
      "Password-2024!Secret#99       | it is little more than common words, the cluster name, digits and punctuation",
      "prod-payments-cluster-2026!   | it is little more than common words, the cluster name, digits and punctuation",
      "qwertyuiop-ChangeMe-77-Docker | it is little more than common words, the cluster name, digits and punctuation",
  })
  void guessableSecretsAreRefusedWithTheReason(String secret, String reason) {
    Optional<String> weakness = SecretStrength.weakness(secret, "payments");
    assertEquals(Optional.of(reason), weakness);
    assertFalse(weakness.get().contains(secret), "the reason never quotes the secret");
  }

  @Test
  void randomSecretsAndRealPassphrasesPass() {
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < 1000; i++) {
      byte[] bits = new byte[32];
      random.nextBytes(bits);
      String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
      assertEquals(Optional.empty(), SecretStrength.weakness(secret, "payments"), secret);
    }
    assertTrue(SecretStrength.weakness("violet-canoe-urges-mumble-fjord", "payments").isEmpty());
  }
}
