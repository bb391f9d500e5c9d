package io.condo.it.harness;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ports for servers a test starts later, chosen where no outgoing connection can take them: below
 * the kernel's ephemeral range ({@code ip_local_port_range}), from which every outgoing connection
 * (Hazelcast's, Docker's, the HTTP client's) gets its local port. A port free now but inside that
 * range can be taken by a connection before the server binds it. Each port is handed out once per
 * run, and checked free on every address before it is.
 */
public final class FreePorts {

  private static final int LOWEST = 20_000;
  private static final int EPHEMERAL_LOW = ephemeralLow();
  private static final int HIGHEST = EPHEMERAL_LOW > LOWEST + 2_000 ? EPHEMERAL_LOW - 1 : 19_999;
  private static final int FIRST = HIGHEST > 19_999 ? LOWEST : 10_000;
  private static final AtomicInteger NEXT =
      new AtomicInteger(FIRST + ThreadLocalRandom.current().nextInt(HIGHEST - FIRST + 1));

  private FreePorts() {
  }

  public static int next() {
    int span = HIGHEST - FIRST + 1;
    for (int tries = 0; tries < span; tries++) {
      int port = FIRST + Math.floorMod(NEXT.getAndIncrement() - FIRST, span);
      if (free(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no free port from " + FIRST + " to " + HIGHEST);
  }

  /** Whether {@code port} is below the ephemeral range, where {@link #next} picks. */
  public static boolean outsideEphemeralRange(int port) {
    return port < EPHEMERAL_LOW;
  }

  private static boolean free(int port) {
    for (InetAddress address : new InetAddress[] {null, InetAddress.getLoopbackAddress()}) {
      try (ServerSocket socket = new ServerSocket()) {
        socket.setReuseAddress(false);
        socket.bind(address == null ? new InetSocketAddress(port) : new InetSocketAddress(address, port));
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }

  private static int ephemeralLow() {
    try {
      return Integer.parseInt(Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim()
          .split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return 32_768;
    }
  }
}
