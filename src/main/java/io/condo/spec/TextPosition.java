package io.condo.spec;

/** Line and column (both from 1) of a character offset in a text. */
record TextPosition(int line, int column) {

  static TextPosition of(CharSequence text, int offset) {
    int line = 1;
    int column = 1;
    int end = Math.min(Math.max(offset, 0), text.length());
    for (int i = 0; i < end; i++) {
      if (text.charAt(i) == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return new TextPosition(line, column);
  }

  /**
   * Where a whole token, a keyword such as {@code :health_timeout} or a bare word, first stands in
   * the text, skipping strings and comments; edn-java keeps no positions, so semantic errors are
   * located this way.
   */
  static TextPosition ofToken(String text, String token) {
    boolean inString = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == ';') {
        while (i < text.length() && text.charAt(i) != '\n') {
          i++;
        }
      } else if (startsToken(text, i) && text.startsWith(token, i) && endsToken(text, i + token.length())) {
        return of(text, i);
      }
    }
    return new TextPosition(0, 0);
  }

  private static boolean startsToken(String text, int at) {
    return at == 0 || SpecLimits.isDelimiter(text.charAt(at - 1)) || text.charAt(at - 1) == ',';
  }

  private static boolean endsToken(String text, int at) {
    if (at >= text.length()) {
      return true;
    }
    char c = text.charAt(at);
    return Character.isWhitespace(c) || c == ',' || "()[]{}\"".indexOf(c) >= 0;
  }
}
