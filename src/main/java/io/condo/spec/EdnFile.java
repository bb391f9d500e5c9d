package io.condo.spec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import us.bpsm.edn.EdnException;
import us.bpsm.edn.Keyword;
import us.bpsm.edn.parser.CollectionBuilder;
import us.bpsm.edn.parser.Parseable;
import us.bpsm.edn.parser.Parser;
import us.bpsm.edn.parser.Parsers;

/**
 * A spec file as EDN, before any of its meaning: UTF-8 text within the limits, exactly one value
 * and that a map, maps without a repeated key and sets without a repeated element, and where the
 * reader stopped when it could not go on. What a value is, is said by its kind, never quoted.
 */
final class EdnFile {

  private static final Parser PARSER = Parsers.newParser(Parsers.newParserConfigBuilder()
      .setMapFactory(EdnFile::orderedMap)
      .setSetFactory(EdnFile::orderedSet)
      .build());

  private EdnFile() {
  }

  /** The file's bytes as text: within the size limit, and UTF-8 or refused. */
  static String text(Path file, byte[] bytes) throws SpecException {
    if (bytes.length > SpecLimits.MAX_FILE_BYTES) {
      throw SpecFileReader.tooLarge(file);
    }
    return decodeUtf8(file, bytes);
  }

  private static String decodeUtf8(Path file, byte[] bytes) throws SpecException {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new SpecException(file, "file is not valid UTF-8 text");
    }
  }

  /**
   * The one map of the file. The limits come first, so the parser never meets what a later step
   * cannot carry; the parser's own messages quote the token they stopped at, so they are never
   * shown: only where, and what kind of token.
   */
  static Map<?, ?> singleMap(Path file, String text) throws SpecException {
    SpecLimits.check(file, text);
    TrackingParseable input = new TrackingParseable(text);
    Object value;
    try {
      value = PARSER.nextValue(input);
      if (value == Parser.END_OF_INPUT) {
        throw new SpecException(file, "file is empty; expected a map such as {:spec {:Image \"nginx:1.27\"}}");
      }
      Object extra = PARSER.nextValue(input);
      if (extra != Parser.END_OF_INPUT) {
        TextPosition pos = TextPosition.of(text, input.offset());
        throw new SpecException(file, pos.line(), pos.column(),
            "more than one value in the file; expected a single map");
      }
    } catch (RuntimeException e) {
      // EdnException, and the NumberFormatException of a number edn-java could not read.
      TextPosition pos = TextPosition.of(text, input.offset());
      throw new SpecException(file, pos.line(), pos.column(), "invalid EDN: " + EdnErrors.kind(e));
    } catch (StackOverflowError e) {
      // The limits keep nesting far from this; should a form they do not know get past them, the
      // file is refused, not the watcher stopped.
      throw new SpecException(file, "invalid EDN: nested too deeply");
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw new SpecException(file, 1, 1, "expected a map such as {:spec {:Image \"nginx:1.27\"}}, found "
          + describe(value));
    }
    return map;
  }

  /** What kind of value stands somewhere, never the value: a file may hold secrets anywhere. */
  static String describe(Object value) {
    if (value == null) {
      return "nil";
    }
    if (value instanceof Map<?, ?>) {
      return "a map";
    }
    if (value instanceof List<?> list) {
      return "a vector of " + list.size() + (list.size() == 1 ? " item" : " items");
    }
    if (value instanceof Set<?>) {
      return "a set";
    }
    if (value instanceof String) {
      return "a string";
    }
    if (value instanceof Keyword) {
      return "a keyword";
    }
    if (value instanceof Long || value instanceof java.math.BigInteger) {
      return "a whole number";
    }
    if (value instanceof Number) {
      return "a decimal number";
    }
    if (value instanceof Boolean) {
      return "a boolean";
    }
    if (value instanceof us.bpsm.edn.Symbol) {
      return "a bare word (an EDN symbol)";
    }
    return "a " + value.getClass().getSimpleName();
  }

  private static CollectionBuilder orderedMap() {
    return new CollectionBuilder() {
      private final Map<Object, Object> map = new LinkedHashMap<>();
      private Object key;
      private boolean haveKey;

      @Override
      public void add(Object o) {
        if (!haveKey) {
          if (map.containsKey(o)) {
            throw new EdnException(EdnErrors.DUPLICATE_KEY);
          }
          key = o;
          haveKey = true;
        } else {
          map.put(key, o);
          haveKey = false;
        }
      }

      @Override
      public Object build() {
        if (haveKey) {
          throw new EdnException(EdnErrors.KEY_WITHOUT_VALUE);
        }
        return Collections.unmodifiableMap(map);
      }
    };
  }

  private static CollectionBuilder orderedSet() {
    return new CollectionBuilder() {
      private final Set<Object> set = new LinkedHashSet<>();

      @Override
      public void add(Object o) {
        if (!set.add(o)) {
          throw new EdnException(EdnErrors.DUPLICATE_ELEMENT);
        }
      }

      @Override
      public Object build() {
        return Collections.unmodifiableSet(set);
      }
    };
  }

  /** A Parseable over a string that knows how far the scanner has read, to locate errors. */
  private static final class TrackingParseable implements Parseable {
    private final String text;
    private int offset;

    TrackingParseable(String text) {
      this.text = text;
    }

    int offset() {
      return Math.min(text.length(), Math.max(0, offset - 1));
    }

    @Override
    public int read() {
      // Past the end the offset still moves, so that unread() stays symmetric.
      return offset < text.length() ? text.charAt(offset++) : endOfInput();
    }

    private int endOfInput() {
      offset++;
      return END_OF_INPUT;
    }

    @Override
    public void unread(int ch) {
      offset--;
    }

    @Override
    public void close() {
    }
  }
}
