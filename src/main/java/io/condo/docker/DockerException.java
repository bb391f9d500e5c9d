package io.condo.docker;

/** Docker answered with an error (its own message kept verbatim), or could not be reached. */
public final class DockerException extends RuntimeException {

  public static final int UNREACHABLE = 0;

  private final int status;

  public DockerException(int status, String message) {
    super(message);
    this.status = status;
  }

  public DockerException(String message, Throwable cause) {
    super(message, cause);
    this.status = UNREACHABLE;
  }

  public int status() {
    return status;
  }

  public boolean isNotFound() {
    return status == 404;
  }
}
