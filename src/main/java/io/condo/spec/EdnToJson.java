package io.condo.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import us.bpsm.edn.Keyword;
import us.bpsm.edn.Symbol;
import us.bpsm.edn.TaggedValue;

/**
 * Turns parsed EDN into the JSON Docker expects: keyword keys and values become plain strings
 * ({@code :HostConfig} → {@code "HostConfig"}), vectors, lists and sets become arrays, nil becomes
 * null. Anything JSON cannot carry is an error naming the path inside {@code :spec}.
 */
final class EdnToJson {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private EdnToJson() {
  }

  static JsonNode convert(Object edn, String path) throws ConversionException {
    if (edn == null) {
      return JSON.nullNode();
    }
    if (edn instanceof Map<?, ?> map) {
      ObjectNode object = JSON.objectNode();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        String key = keyName(entry.getKey(), path);
        object.set(key, convert(entry.getValue(), path + "." + key));
      }
      return object;
    }
    if (edn instanceof Collection<?> items) {
      ArrayNode array = JSON.arrayNode();
      int index = 0;
      for (Object item : items) {
        array.add(convert(item, path + "[" + index++ + "]"));
      }
      return array;
    }
    if (edn instanceof String text) {
      return JSON.textNode(text);
    }
    if (edn instanceof Keyword keyword) {
      return JSON.textNode(keywordName(keyword));
    }
    if (edn instanceof Boolean bool) {
      return JSON.booleanNode(bool);
    }
    if (edn instanceof Long number) {
      return JSON.numberNode(number);
    }
    if (edn instanceof BigInteger number) {
      return JSON.numberNode(number);
    }
    if (edn instanceof Double number) {
      if (number.isNaN() || number.isInfinite()) {
        throw new ConversionException(path, "a number JSON cannot represent");
      }
      return JSON.numberNode(number);
    }
    if (edn instanceof BigDecimal number) {
      return JSON.numberNode(number);
    }
    if (edn instanceof Character character) {
      return JSON.textNode(character.toString());
    }
    if (edn instanceof UUID uuid) {
      return JSON.textNode(uuid.toString());
    }
    if (edn instanceof Date date) {
      return JSON.textNode(date.toInstant().toString());
    }
    if (edn instanceof Symbol symbol) {
      // The word itself is only used to find where it stands: unquoted, it may be a secret.
      throw new ConversionException(path, "a bare word (an EDN symbol) is not a JSON value; "
          + "write it as a string, in double quotes", symbol.toString());
    }
    if (edn instanceof TaggedValue tagged) {
      throw new ConversionException(path, "a tagged value (#…) is not a JSON value", tagged.getTag().toString());
    }
    throw new ConversionException(path, EdnFile.describe(edn) + " is not a JSON value");
  }

  static String keywordName(Keyword keyword) {
    String prefix = keyword.getPrefix();
    return prefix == null || prefix.isEmpty() ? keyword.getName() : prefix + "/" + keyword.getName();
  }

  private static String keyName(Object key, String path) throws ConversionException {
    if (key instanceof Keyword keyword) {
      return keywordName(keyword);
    }
    if (key instanceof String text) {
      return text;
    }
    throw new ConversionException(path, "a map key must be a keyword or a string, found "
        + EdnFile.describe(key), null);
  }

  static final class ConversionException extends Exception {
    final String path;
    /** The token's text, to locate it in the file; never part of the message. */
    final transient String token;

    ConversionException(String path, String reason) {
      this(path, reason, null);
    }

    ConversionException(String path, String reason, String token) {
      super(reason);
      this.path = path;
      this.token = token;
    }
  }
}
