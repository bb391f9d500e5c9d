package io.condo.it.harness;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Docker socket that can be switched on and off: forwards a unix socket path to the real
 * engine's socket, so a test can make "Docker" unreachable without touching the shared dockerd.
 */
public final class UnixSocketProxy implements AutoCloseable {

  private final Path path;
  private final Path target;
  private final List<SocketChannel> open = new CopyOnWriteArrayList<>();
  private ServerSocketChannel server;

  public UnixSocketProxy(Path path, Path target) {
    this.path = path;
    this.target = target;
  }

  public String dockerHost() {
    return "unix://" + path;
  }

  public UnixSocketProxy up() throws IOException {
    Files.deleteIfExists(path);
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(path));
    Thread acceptor = new Thread(this::acceptLoop, "docker-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
    return this;
  }

  public void down() throws IOException {
    if (server != null) {
      server.close();
      server = null;
    }
    for (SocketChannel channel : open) {
      channel.close();
    }
    open.clear();
    Files.deleteIfExists(path);
  }

  @Override
  public void close() throws IOException {
    down();
  }

  private void acceptLoop() {
    ServerSocketChannel listening = server;
    try {
      while (true) {
        SocketChannel client = listening.accept();
        SocketChannel upstream = SocketChannel.open(UnixDomainSocketAddress.of(target));
        open.add(client);
        open.add(upstream);
        pipe(client, upstream);
        pipe(upstream, client);
      }
    } catch (IOException e) {
      // closed
    }
  }

  private static void pipe(SocketChannel from, SocketChannel to) {
    Thread thread = new Thread(() -> {
      ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
      try {
        while (from.read(buffer) >= 0) {
          buffer.flip();
          while (buffer.hasRemaining()) {
            to.write(buffer);
          }
          buffer.clear();
        }
      } catch (IOException e) {
        // one side closed
      } finally {
        try {
          to.shutdownOutput();
        } catch (IOException ignored) {
          // already closed
        }
      }
    }, "docker-proxy-pipe");
    thread.setDaemon(true);
    thread.start();
  }
}
