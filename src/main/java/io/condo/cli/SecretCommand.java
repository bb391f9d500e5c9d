package io.condo.cli;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code condo secret}: a new cluster secret, 256 random bits. */
@Command(name = "secret", mixinStandardHelpOptions = true,
    description = {"Prints a new random cluster secret (256 bits, base64url) for --cluster-secret /",
        "CONDO_CLUSTER_SECRET. Give every member of the fleet the same one."})
final class SecretCommand implements Callable<Integer> {

  static final int BYTES = 32;

  @Override
  public Integer call() {
    System.out.println(newSecret());
    return 0;
  }

  static String newSecret() {
    byte[] bits = new byte[BYTES];
    new SecureRandom().nextBytes(bits);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
  }
}
