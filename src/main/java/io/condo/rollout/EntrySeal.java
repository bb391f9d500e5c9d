package io.condo.rollout;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals and opens what this fleet writes in a cluster-wide Hazelcast map of turns. Hazelcast's own
 * traffic is not inside the event bus's TLS: a node that read the cluster name off the wire can
 * join and write entries. Only text sealed with the fleet's key (HMAC-SHA256 over a domain, the
 * map key it is filed under and the text) is believed, so an entry cannot be forged nor moved to
 * another key. Without a secret there is no key, and entries are plain text, as trusted as the
 * membership layer.
 */
public final class EntrySeal {

  private static final int MAX_STORED = 8192;

  private final SecretKeySpec key;
  private final byte[] domain;

  /** Text that opened, or why it did not. */
  public record Opened(String text, String why) {

    static Opened ok(String text) {
      return new Opened(text, null);
    }

    public static Opened no(String why) {
      return new Opened(null, why);
    }
  }

  /**
   * @param key the fleet's key, or null when the fleet has no secret
   * @param domain what the entries are ({@code condo.turn/v1}): a seal made for one map opens in no other
   */
  public EntrySeal(byte[] key, String domain) {
    this.key = key == null ? null : new SecretKeySpec(key, "HmacSHA256");
    this.domain = (domain + "\0").getBytes(StandardCharsets.UTF_8);
  }

  public String seal(String filedUnder, String text) {
    if (key == null) {
      return text;
    }
    return new JsonObject().put("v", 2).put("entry", text)
        .put("mac", Base64.getUrlEncoder().withoutPadding().encodeToString(mac(filedUnder, text))).encode();
  }

  /** @param stored whatever stands under {@code mapKey}: anyone who joined may have put it there */
  public Opened open(Object mapKey, Object stored) {
    if (!(mapKey instanceof String filedUnder) || !(stored instanceof String text) || text.length() > MAX_STORED) {
      return Opened.no("not an entry");
    }
    if (key == null) {
      return Opened.ok(text);
    }
    JsonObject envelope;
    try {
      envelope = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      return Opened.no("not JSON");
    }
    if (!Integer.valueOf(2).equals(envelope.getValue("v")) || !(envelope.getValue("entry") instanceof String body)
        || !(envelope.getValue("mac") instanceof String mac)) {
      return Opened.no("not sealed");
    }
    byte[] given;
    try {
      given = Base64.getUrlDecoder().decode(mac);
    } catch (IllegalArgumentException e) {
      return Opened.no("not sealed");
    }
    if (!MessageDigest.isEqual(mac(filedUnder, body), given)) {
      return Opened.no("not sealed with this fleet's key");
    }
    return Opened.ok(body);
  }

  private byte[] mac(String filedUnder, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(domain);
      mac.update(filedUnder.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      return mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JVM", e);
    }
  }
}
