package io.condo.spec;

import java.nio.file.Path;

/**
 * The limits every spec file is held to, checked on its text before anything is built from it, so
 * that every later step can carry what was accepted: the state file's JSON (written at every
 * transition and read back at the next start), peers and Consul. Docker's deepest create-container
 * body is about six levels deep and its numbers are 64-bit: the limits leave room for any real body
 * and none for a hostile one (a thousand levels, a number of two thousand digits, {@code 1e999999999M}).
 *
 * <p>The scan is a small EDN lexer: strings, comments and character literals are skipped, brackets
 * counted, number tokens measured. It never builds a value, so a hostile file costs one pass over
 * at most {@link #MAX_FILE_BYTES}.
 */
public final class SpecLimits {

  /** Counted on the bytes actually read, never on what the file system says its size is. */
  public static final int MAX_FILE_BYTES = 1024 * 1024;
  /** Levels of maps, vectors, lists and sets, the file's own map included. */
  public static final int MAX_DEPTH = 32;
  /** Characters of one number token, sign and suffix included: int64 has 19 digits. */
  public static final int MAX_NUMBER_CHARS = 40;
  /** The largest decimal exponent, a float64's. */
  public static final int MAX_EXPONENT = 308;
  /**
   * Dispatch tokens ({@code #_}, {@code #inst}, any tag) in one file: edn-java reads each by
   * recursion, a chain of them as deep as a chain of brackets, and JSON carries none of them but
   * {@code #inst} and {@code #uuid}.
   */
  public static final int MAX_DISPATCHES = 64;

  private SpecLimits() {
  }

  /** Throws at the first place the text breaks a limit, naming its line and column and never its value. */
  static void check(Path file, String text) throws SpecException {
    int depth = 0;
    int dispatches = 0;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '"') {
        i = afterString(text, i);
      } else if (c == ';') {
        i = endOfLine(text, i);
      } else if (c == '\\') {
        // A character literal: the backslash, the character after it whatever it is, and a name.
        i = endOfToken(text, Math.min(text.length(), i + 2));
      } else if ("([{".indexOf(c) >= 0) {
        if (++depth > MAX_DEPTH) {
          throw at(file, text, i, "nested deeper than " + MAX_DEPTH + " levels (the limit of a spec file)");
        }
        i++;
      } else if (")]}".indexOf(c) >= 0) {
        depth = Math.max(0, depth - 1);
        i++;
      } else if (isSpace(c)) {
        i++;
      } else {
        int end = endOfToken(text, i);
        if (startsNumber(text, i)) {
          checkNumber(file, text, i, end);
        } else if (c == '#' && (end > i + 1 || end < text.length() && text.charAt(end) != '{')
            && ++dispatches > MAX_DISPATCHES) {
          throw at(file, text, i, "more than " + MAX_DISPATCHES + " #_ or #tag forms (the limit of a spec file)");
        }
        i = end;
      }
    }
  }

  private static void checkNumber(Path file, String text, int start, int end) throws SpecException {
    if (end - start > MAX_NUMBER_CHARS) {
      throw at(file, text, start, "a number of more than " + MAX_NUMBER_CHARS + " characters (the limit of a spec file)");
    }
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c == 'e' || c == 'E') {
        int digits = i + 1 < end && (text.charAt(i + 1) == '+' || text.charAt(i + 1) == '-') ? i + 2 : i + 1;
        long exponent = 0;
        for (int d = digits; d < end && Character.isDigit(text.charAt(d)); d++) {
          exponent = Math.min(exponent * 10 + (text.charAt(d) - '0'), Integer.MAX_VALUE);
        }
        if (exponent > MAX_EXPONENT) {
          throw at(file, text, start, "a number with an exponent beyond " + MAX_EXPONENT
              + " (the limit of a spec file)");
        }
        return;
      }
    }
  }

  private static boolean startsNumber(String text, int i) {
    char c = text.charAt(i);
    return Character.isDigit(c)
        || (c == '+' || c == '-') && i + 1 < text.length() && Character.isDigit(text.charAt(i + 1));
  }

  /** Past the closing quote; an unterminated string runs to the end, and the parser says so. */
  private static int afterString(String text, int open) {
    for (int i = open + 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        return i + 1;
      }
    }
    return text.length();
  }

  /** As edn-java ends a comment: at a line feed or a carriage return. */
  private static int endOfLine(String text, int i) {
    while (i < text.length() && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
      i++;
    }
    return i;
  }

  private static int endOfToken(String text, int i) {
    while (i < text.length() && !isDelimiter(text.charAt(i))) {
      i++;
    }
    return i;
  }

  static boolean isDelimiter(char c) {
    return isSpace(c) || "()[]{}\";".indexOf(c) >= 0;
  }

  /** As edn-java separates tokens: whitespace, commas, and every control character. */
  private static boolean isSpace(char c) {
    return Character.isWhitespace(c) || c == ',' || c < 0x20;
  }

  private static SpecException at(Path file, String text, int offset, String reason) {
    TextPosition pos = TextPosition.of(text, offset);
    return new SpecException(file, pos.line(), pos.column(), reason);
  }
}
