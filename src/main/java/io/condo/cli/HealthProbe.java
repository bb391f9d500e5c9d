package io.condo.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The container image's HEALTHCHECK: exit 0 when this host's Condo answers its state API. Needs
 * nothing in the image but Java, which the image has anyway.
 */
public final class HealthProbe {

  private static final int TIMEOUT_MILLIS = 5_000;
  private static final int MAX_STATUS_LINE = 64;

  private HealthProbe() {
  }

  public static void main(String[] args) throws InterruptedException {
    String port = System.getenv().getOrDefault("CONDO_HTTP_PORT", "80");
    try {
      System.exit(stateStatus(Integer.parseInt(port)) == 200 ? 0 : 1);
    } catch (IOException | IllegalArgumentException e) {
      System.err.println("condo health probe: " + e);
      System.exit(1);
    }
  }

  /**
   * The status of {@code GET /v1/state} on this host's port. A plain socket, not an HTTP client:
   * the probe is a JVM started every interval, and a client's threads and classes double its time.
   */
  static int stateStatus(int port) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), TIMEOUT_MILLIS);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      socket.getOutputStream().write(("GET /v1/state HTTP/1.1\r\nHost: 127.0.0.1:" + port
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      // The status line alone, and no more of it than a status line needs: whatever holds the port
      // cannot make the probe read without end.
      String[] parts = statusLine(socket.getInputStream()).split(" ");
      if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
        throw new IOException("not an HTTP answer");
      }
      try {
        return Integer.parseInt(parts[1]);
      } catch (NumberFormatException e) {
        throw new IOException("not an HTTP status");
      }
    }
  }

  /** Up to the first line feed, or the first {@link #MAX_STATUS_LINE} bytes, whichever comes first. */
  private static String statusLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int b = in.read(); b >= 0 && b != '\n' && line.length() < MAX_STATUS_LINE; b = in.read()) {
      line.append((char) b);
    }
    return line.toString().trim();
  }
}
