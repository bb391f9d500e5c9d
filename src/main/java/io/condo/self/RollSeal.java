package io.condo.self;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals and opens what this fleet writes in the roll's Hazelcast map. Hazelcast's own traffic is
 * not inside the event bus's TLS: a node that read the cluster name off the wire can join and
 * write entries. Only an entry sealed with the fleet's roll key (HMAC-SHA256, bound to the
 * instance it is filed under) is believed. Without a secret there is no key, and entries are
 * plain text, as trusted as the membership layer.
 */
final class RollSeal {

  private static final int MAX_STORED = 8192;
  private static final byte[] DOMAIN = "condo.self-roll/v2\0".getBytes(StandardCharsets.UTF_8);

  private final SecretKeySpec key;

  /** An entry that opened, or why it did not. */
  record Opened(RollEntry entry, String why) {

    static Opened ok(RollEntry entry) {
      return new Opened(entry, null);
    }

    static Opened no(String why) {
      return new Opened(null, why);
    }
  }

  /** @param key the fleet's roll key, or null when the fleet has no secret */
  RollSeal(byte[] key) {
    this.key = key == null ? null : new SecretKeySpec(key, "HmacSHA256");
  }

  String seal(RollEntry entry) {
    String body = entry.toText();
    if (key == null) {
      return body;
    }
    return new JsonObject().put("v", 2).put("entry", body)
        .put("mac", Base64.getUrlEncoder().withoutPadding().encodeToString(mac(entry.instance(), body))).encode();
  }

  /** @param stored whatever stands under {@code mapKey}: anyone who joined may have put it there */
  Opened open(Object mapKey, Object stored) {
    if (!(mapKey instanceof String instance) || !(stored instanceof String text) || text.length() > MAX_STORED) {
      return Opened.no("not an entry");
    }
    if (key == null) {
      return filedUnder(instance, RollEntry.parse(text));
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
    if (!MessageDigest.isEqual(mac(instance, body), given)) {
      return Opened.no("not sealed with this fleet's key");
    }
    return filedUnder(instance, RollEntry.parse(body));
  }

  private static Opened filedUnder(String instance, RollEntry entry) {
    return entry != null && entry.instance().equals(instance) ? Opened.ok(entry) : Opened.no("malformed");
  }

  private byte[] mac(String instance, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(DOMAIN);
      mac.update(instance.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      return mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JVM", e);
    }
  }
}
