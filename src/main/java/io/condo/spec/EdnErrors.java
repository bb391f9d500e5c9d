package io.condo.spec;

/**
 * What kind of token the EDN parser stopped at, in words of our own. edn-java's messages quote the
 * text they could not read ({@code Not a number: '…'}), and that text may be a secret an operator
 * forgot to quote, so a message is only ever matched, never shown.
 */
final class EdnErrors {

  static final String DUPLICATE_KEY = "a map has the same key twice";
  static final String DUPLICATE_ELEMENT = "a set has the same element twice";
  static final String KEY_WITHOUT_VALUE = "a map has a key without a value";

  private EdnErrors() {
  }

  static String kind(RuntimeException e) {
    String message = String.valueOf(e.getMessage());
    if (message.equals(DUPLICATE_KEY) || message.equals(DUPLICATE_ELEMENT) || message.equals(KEY_WITHOUT_VALUE)) {
      return message;
    }
    if (e instanceof NumberFormatException || message.startsWith("Not a number")) {
      return "a number that cannot be read";
    }
    if (message.contains("character literal")) {
      return "a character literal (\\x) that cannot be read";
    }
    if (message.contains("keyword")) {
      return "a keyword that cannot be read";
    }
    if (message.contains("'/'") || message.contains("'//'")) {
      return "a symbol or keyword with a misplaced '/'";
    }
    if (message.startsWith("Unsupported") || message.startsWith("Expected #")
        || message.contains("tag") || message.contains("Tag")) {
      return "a tag (#…) that is not supported";
    }
    if (message.contains("found END_OF_INPUT") || message.contains("EOF") || message.contains("Unexpected end")) {
      return "the file ends inside a string, a map, a vector or a list";
    }
    if (message.startsWith("Expected END_")) {
      return "a closing bracket that does not match the one it closes";
    }
    if (message.startsWith("Can't parse")) {
      return "a tagged value (#inst, #uuid) that cannot be read";
    }
    if (message.contains("forbidden character")) {
      return "a name that begins with a character EDN forbids";
    }
    if (message.startsWith("Unexpected")) {
      return "an unexpected character, such as an unbalanced bracket";
    }
    return "a token that cannot be read";
  }
}
