package io.condo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The image's health probe against what may hold the port: Condo, or anything else. */
class HealthProbeTest {

  /** One connection answered by {@code answer}, on a port bound here first (no race for it). */
  private static int serving(Answer answer) throws IOException {
    ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    Thread thread = new Thread(() -> {
      try (server; Socket client = server.accept(); OutputStream out = client.getOutputStream()) {
        answer.write(out);
      } catch (IOException closedByTheProbe) {
        // the probe read what it needed and went
      }
    });
    thread.setDaemon(true);
    thread.start();
    return server.getLocalPort();
  }

  private interface Answer {
    void write(OutputStream out) throws IOException;
  }

  @Test
  void theStatusOfTheStateApiIsRead() throws Exception {
    int port = serving(out -> out.write(("HTTP/1.1 503 Service Unavailable\r\ncontent-length: 2\r\n\r\n{}")
        .getBytes(StandardCharsets.US_ASCII)));
    assertEquals(503, HealthProbe.stateStatus(port));
  }

  @Test
  void aPortThatStreamsWithoutEndIsNotReadWithoutEnd() throws Exception {
    AtomicLong written = new AtomicLong();
    CountDownLatch cut = new CountDownLatch(1);
    int port = serving(out -> {
      byte[] noNewline = new byte[64 * 1024];
      java.util.Arrays.fill(noNewline, (byte) 'x');
      try {
        for (int i = 0; i < 16 * 1024; i++) { // 1 GB, were it all read
          out.write(noNewline);
          written.addAndGet(noNewline.length);
        }
      } finally {
        cut.countDown();
      }
    });
    assertThrows(IOException.class, () -> HealthProbe.stateStatus(port), "not an HTTP answer");
    assertTrue(cut.await(30, TimeUnit.SECONDS), "the sender was cut off");
    assertTrue(written.get() < 64L * 1024 * 1024, "the probe read " + written.get() + " bytes, not a status line");
  }
}
