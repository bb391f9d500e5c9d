package io.condo.registry;

/**
 * Which registry an image comes from, named the way the Docker client config names it: the host
 * (and port) of a private registry, or {@code https://index.docker.io/v1/} for Docker Hub, which
 * is where an image without a registry part ({@code busybox}, {@code library/redis}) comes from.
 */
public final class RegistryHost {

  /** The key the docker CLI writes Docker Hub's credentials under. */
  public static final String DOCKER_HUB = "https://index.docker.io/v1/";

  private RegistryHost() {
  }

  public static String of(String image) {
    int slash = image.indexOf('/');
    if (slash < 0) {
      return DOCKER_HUB;
    }
    String first = image.substring(0, slash);
    boolean isRegistry = first.contains(".") || first.contains(":") || first.equals("localhost");
    if (!isRegistry || first.equals("docker.io") || first.equals("index.docker.io")
        || first.equals("registry-1.docker.io")) {
      return DOCKER_HUB;
    }
    return first;
  }

  /** A config key or server address reduced to its host (and port): scheme and path dropped. */
  static String hostName(String address) {
    String host = address;
    if (host.startsWith("https://")) {
      host = host.substring("https://".length());
    } else if (host.startsWith("http://")) {
      host = host.substring("http://".length());
    }
    int slash = host.indexOf('/');
    return slash < 0 ? host : host.substring(0, slash);
  }
}
