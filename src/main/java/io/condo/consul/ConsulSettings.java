package io.condo.consul;

import java.net.URI;

/** Where and how to expose state in Consul KV. The token never appears in logs. */
public record ConsulSettings(URI url, String prefix, String token, int ttlSeconds) {

  public static ConsulSettings parse(String url, String prefix, String token) {
    URI uri = URI.create(url.contains("://") ? url : "http://" + url);
    if (uri.getHost() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
      throw new IllegalArgumentException("--consul " + url + " is not an http(s)://host:port URL");
    }
    String cleanPrefix = prefix == null ? "condo" : prefix.replaceAll("^/+|/+$", "");
    if (cleanPrefix.isEmpty()) {
      throw new IllegalArgumentException("--consul-prefix must not be empty");
    }
    return new ConsulSettings(uri, cleanPrefix, token == null || token.isEmpty() ? null : token, 10);
  }

  public boolean ssl() {
    return url.getScheme().equals("https");
  }

  public int port() {
    return url.getPort() > 0 ? url.getPort() : ssl() ? 8501 : 8500;
  }

  @Override
  public String toString() {
    return url + " prefix " + prefix + (token != null ? " (with an ACL token)" : "");
  }
}
