package io.condo.http;

import io.vertx.core.net.HostAndPort;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Web origins as browsers send them ({@code scheme://host[:port]}), compared with the port made
 * explicit. A request's own origin is the Host it was sent to; any other must be listed. The
 * scheme of the own origin is not compared: behind a proxy that ends TLS and keeps the Host, a
 * page of {@code https://condo.example} reaches Condo as {@code Host: condo.example}.
 */
public final class Origins {

  private final Set<String> listed;

  private Origins(Set<String> listed) {
    this.listed = listed;
  }

  /** @throws IllegalArgumentException naming the first entry that is not an http(s) origin */
  public static Origins of(List<String> configured) {
    Set<String> listed = new LinkedHashSet<>();
    for (String text : configured) {
      String origin = normalize(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
      if (origin == null) {
        throw new IllegalArgumentException("'" + text + "' is not a web origin such as https://ops.example"
            + " or http://10.0.0.5:8080 (scheme, host and port only; * is not allowed)");
      }
      listed.add(origin);
    }
    return new Origins(Set.copyOf(listed));
  }

  /** {@code scheme://host:port} in lower case, or null when the text is no http(s) origin. */
  static String normalize(String text) {
    try {
      URI uri = new URI(text.trim());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null
          || uri.getRawUserInfo() != null || !(uri.getRawPath() == null || uri.getRawPath().isEmpty())
          || uri.getRawQuery() != null || uri.getRawFragment() != null) {
        return null;
      }
      int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
      return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /**
   * Whether a request with this Origin header may use the bridge: none (not a browser's: a
   * browser always sends one on a WebSocket upgrade and on every cross-origin request), the
   * request's own, or a listed one. {@code null} and anything not http(s) are refused.
   */
  boolean allows(String originHeader, HostAndPort host) {
    if (originHeader == null || originHeader.isBlank()) {
      return true;
    }
    String origin = normalize(originHeader);
    return origin != null && (listed.contains(origin) || sameAsHost(origin, host));
  }

  private static boolean sameAsHost(String origin, HostAndPort host) {
    if (host == null) {
      return false;
    }
    URI uri = URI.create(origin);
    int hostPort = host.port() >= 0 ? host.port() : uri.getScheme().equals("https") ? 443 : 80;
    return uri.getHost().equalsIgnoreCase(host.host()) && uri.getPort() == hostPort;
  }
}
