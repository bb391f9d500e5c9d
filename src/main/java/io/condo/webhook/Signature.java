package io.condo.webhook;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code X-Condo-Signature: sha256=<hex>}: the HMAC-SHA256 of the exact bytes of the body under
 * the webhook secret, as GitHub and Flux sign theirs. A receiver recomputes it over the raw body
 * and compares in constant time.
 */
public final class Signature {

  public static final String HEADER = "X-Condo-Signature";

  private Signature() {
  }

  public static String of(byte[] secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }
}
