package io.condo.spec;

import java.nio.file.Path;

/** A spec file that cannot be used, with the file, where known the line and column, and why. */
public final class SpecException extends Exception {

  private final transient Path file;
  private final int line;
  private final int column;
  private final String reason;

  public SpecException(Path file, int line, int column, String reason) {
    super(format(file, line, column, reason));
    this.file = file;
    this.line = line;
    this.column = column;
    this.reason = reason;
  }

  public SpecException(Path file, String reason) {
    this(file, 0, 0, reason);
  }

  public Path file() {
    return file;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  public String reason() {
    return reason;
  }

  private static String format(Path file, int line, int column, String reason) {
    StringBuilder where = new StringBuilder(String.valueOf(file));
    if (line > 0) {
      where.append(':').append(line);
      if (column > 0) {
        where.append(':').append(column);
      }
    }
    return where.append(": ").append(reason).toString();
  }
}
