package io.condo.docker;

/** A Docker Engine API version such as 1.41, compared numerically. */
public record ApiVersion(int major, int minor) implements Comparable<ApiVersion> {

  /** The newest Engine API Condo speaks; engines that refuse older clients (29+ want 1.44) accept it. */
  public static final ApiVersion NEWEST_SUPPORTED = new ApiVersion(1, 47);
  /** The oldest with everything Condo uses (health status events, label filters). */
  public static final ApiVersion OLDEST_SUPPORTED = new ApiVersion(1, 25);

  public static ApiVersion parse(String text) {
    String[] parts = text.trim().split("\\.");
    if (parts.length != 2) {
      throw new IllegalArgumentException("not an API version: " + text);
    }
    return new ApiVersion(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
  }

  /**
   * The version to use with an engine that speaks up to {@code serverMax} and, if it says so,
   * no older than {@code serverMin}: the newest both sides know.
   */
  public static ApiVersion negotiate(ApiVersion serverMax, ApiVersion serverMin) {
    ApiVersion chosen = serverMax.compareTo(NEWEST_SUPPORTED) < 0 ? serverMax : NEWEST_SUPPORTED;
    if (chosen.compareTo(OLDEST_SUPPORTED) < 0) {
      throw new DockerException(400, "Docker engine API " + serverMax + " is older than "
          + OLDEST_SUPPORTED + ", the oldest Condo supports");
    }
    if (serverMin != null && chosen.compareTo(serverMin) < 0) {
      throw new DockerException(400, "Docker engine requires API " + serverMin
          + " or newer; Condo speaks up to " + NEWEST_SUPPORTED);
    }
    return chosen;
  }

  @Override
  public int compareTo(ApiVersion other) {
    return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }
}
