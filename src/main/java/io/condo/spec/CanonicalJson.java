package io.condo.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A form of a JSON value that is the same for equal data: object keys sorted, numbers written by
 * value. Two specs that differ only in key order, whitespace, comments or the width of a number
 * type (an EDN long against a re-read JSON int) have the same canonical form and hash.
 */
public final class CanonicalJson {

  private CanonicalJson() {
  }

  public static String sha256(JsonNode value) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] hash = digest.digest(write(value).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }

  public static String write(JsonNode value) {
    StringBuilder out = new StringBuilder();
    append(out, value);
    return out.toString();
  }

  private static void append(StringBuilder out, JsonNode value) {
    if (value.isObject()) {
      List<String> keys = new ArrayList<>();
      value.fieldNames().forEachRemaining(keys::add);
      keys.sort(null);
      out.append('{');
      for (int i = 0; i < keys.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        out.append(quote(keys.get(i))).append(':');
        append(out, value.get(keys.get(i)));
      }
      out.append('}');
    } else if (value.isArray()) {
      out.append('[');
      for (int i = 0; i < value.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        append(out, value.get(i));
      }
      out.append(']');
    } else if (value.isIntegralNumber()) {
      out.append(value.bigIntegerValue());
    } else if (value.isNumber()) {
      out.append(value.decimalValue().stripTrailingZeros().toPlainString());
    } else {
      out.append(value.toString());
    }
  }

  private static String quote(String key) {
    return com.fasterxml.jackson.databind.node.TextNode.valueOf(key).toString();
  }
}
