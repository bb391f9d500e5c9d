package io.condo.fleet;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * A short fingerprint of an instance's services table, so a peer can tell from a beacon whether
 * its copy is exact. Each record is fingerprinted as it travels (encoded and read back, keys
 * sorted), so the sender's live objects and the receiver's decoded ones give the same digest, and
 * a record the receiver had to leave out still counts as received.
 */
final class ViewDigest {

  private static final int HEX_CHARS = 16;

  private ViewDigest() {
  }

  /** The fingerprint of one service's record (any JSON value). */
  static String ofRecord(Object record) {
    return hash(canonical(Json.decodeValue(Json.encode(record))));
  }

  /** The fingerprint of a table: each service's name and record fingerprint, in name order, and self's. */
  static String ofTable(Map<String, String> recordDigests, String selfDigest) {
    StringBuilder text = new StringBuilder();
    new TreeMap<>(recordDigests).forEach((name, digest) -> text.append(name).append('\0').append(digest).append('\n'));
    return hash(text.append("\0self\0").append(selfDigest).toString());
  }

  static String canonical(Object value) {
    if (value instanceof JsonObject object) {
      StringBuilder text = new StringBuilder("{");
      for (String key : new java.util.TreeSet<>(object.fieldNames())) {
        text.append(text.length() > 1 ? "," : "").append(Json.encode(key)).append(':')
            .append(canonical(object.getValue(key)));
      }
      return text.append('}').toString();
    }
    if (value instanceof JsonArray array) {
      StringBuilder text = new StringBuilder("[");
      for (int i = 0; i < array.size(); i++) {
        text.append(i > 0 ? "," : "").append(canonical(array.getValue(i)));
      }
      return text.append(']').toString();
    }
    return Json.encode(value);
  }

  private static String hash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, HEX_CHARS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
