package io.condo.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * One {@code --webhook} URL. A receiver's URL is a credential (a Slack hook's path is its token),
 * so it is never shown nor written down: logs name the receiver by scheme, host and port, the
 * outbox by {@link #key()}, a hash of the whole URL.
 */
public record Receiver(URI uri, String key) {

  /** The URL as given, if it is an absolute http or https URL with a host; else why not, never quoting it. */
  public static Receiver parse(String text) {
    URI uri;
    try {
      uri = new URI(text.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("only http and https URLs are accepted");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException("a URL without a host");
    }
    if (uri.getPort() == 0 || uri.getPort() > 65535) {
      throw new IllegalArgumentException("a port outside 1-65535");
    }
    return new Receiver(uri, keyOf(uri.toString()));
  }

  /** The host to connect to: an IPv6 literal without its brackets. */
  public String host() {
    String host = uri.getHost();
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  /** {@code user:password@} in the URL, sent as HTTP Basic authentication, as curl does. */
  public java.util.Optional<String> authorization() {
    String userInfo = uri.getRawUserInfo();
    if (userInfo == null || userInfo.isEmpty()) {
      return java.util.Optional.empty();
    }
    String decoded = java.net.URLDecoder.decode(userInfo.replace("+", "%2B"), StandardCharsets.UTF_8);
    return java.util.Optional.of("Basic " + java.util.Base64.getEncoder().encodeToString(
        decoded.getBytes(StandardCharsets.UTF_8)));
  }

  public boolean tls() {
    return uri.getScheme().equalsIgnoreCase("https");
  }

  public int port() {
    return uri.getPort() != -1 ? uri.getPort() : tls() ? 443 : 80;
  }

  /** Path and query, as the request line carries them. */
  public String target() {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
  }

  /** What logs may show: {@code https://hooks.example:443}, never the path, query or user. */
  public String shown() {
    return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost() + ":" + port();
  }

  @Override
  public String toString() {
    return shown();
  }

  private static String keyOf(String url) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
