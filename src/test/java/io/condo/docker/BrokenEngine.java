package io.condo.docker;

import com.github.dockerjava.core.DefaultDockerClientConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny, deliberately broken Docker engine on loopback: each request is answered by a script
 * that may answer properly, slowly, truncated, or not at all (closing or resetting the
 * connection). It records every request line and counts connections, so tests see exactly what
 * the client sent and how often it reconnected.
 */
final class BrokenEngine implements AutoCloseable {

  /** What to do with one request: {@code connection} is the 1-based number of its connection. */
  interface Script {
    void answer(String requestLine, int connection, Reply reply) throws IOException;
  }

  /** The ways to answer. */
  static final class Reply {
    private final Socket socket;
    private final OutputStream out;

    Reply(Socket socket) throws IOException {
      this.socket = socket;
      this.out = socket.getOutputStream();
    }

    void json(int status, String body) throws IOException {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      out.write(("HTTP/1.1 " + status + " X\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length
          + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      out.write(bytes);
      out.flush();
    }

    /** Lines sent one by one with a pause between them, then the end of the answer. */
    void slowLines(List<String> lines, long pauseMillis) throws IOException {
      out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
          .getBytes(StandardCharsets.UTF_8));
      for (String line : lines) {
        sleep(pauseMillis);
        byte[] chunk = (line + "\n").getBytes(StandardCharsets.UTF_8);
        out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(chunk);
        out.write("\r\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
      out.write("0\r\n\r\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
    }

    /** Promises {@code promised} bytes, sends the start of the body, and hangs up. */
    void truncated(String body, int promised) throws IOException {
      out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + promised + "\r\n\r\n"
          + body).getBytes(StandardCharsets.UTF_8));
      out.flush();
      socket.close();
    }

    /** Hangs up without a word, as a restarted engine's old connection does. */
    void hangUp() throws IOException {
      socket.close();
    }

    /** Resets the connection (RST). */
    void reset() throws IOException {
      socket.setSoLinger(true, 0);
      socket.close();
    }
  }

  private final ServerSocket server;
  private final Script script;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();

  BrokenEngine(Script script) throws IOException {
    this.server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    this.script = script;
    Thread acceptor = new Thread(this::accept, "broken-engine");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A client of this engine, its API version settled as against a Docker 20.10. */
  DockerApi client() {
    return new DockerApi(DefaultDockerClientConfig.createDefaultConfigBuilder()
        .withDockerHost("tcp://127.0.0.1:" + server.getLocalPort()).withDockerTlsVerify(false).build());
  }

  List<String> requests() {
    return List.copyOf(requests);
  }

  int connections() {
    return connections.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        int number = connections.incrementAndGet();
        Thread serve = new Thread(() -> serve(socket, number), "broken-engine-" + number);
        serve.setDaemon(true);
        serve.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket socket, int connection) {
    try (socket) {
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
      Reply reply = new Reply(socket);
      while (!socket.isClosed()) {
        String requestLine = in.readLine();
        if (requestLine == null) {
          return;
        }
        int length = 0;
        for (String header = in.readLine(); header != null && !header.isEmpty(); header = in.readLine()) {
          if (header.toLowerCase().startsWith("content-length:")) {
            length = Integer.parseInt(header.substring(15).trim());
          }
        }
        for (int i = 0; i < length; i++) {
          in.read();
        }
        String line = requestLine.substring(0, requestLine.lastIndexOf(' '));
        if (line.equals("GET /version")) {
          reply.json(200, "{\"Version\":\"20.10.24\",\"ApiVersion\":\"1.41\",\"MinAPIVersion\":\"1.12\"}");
          continue;
        }
        requests.add(line);
        script.answer(line, connection, reply);
      }
    } catch (IOException gone) {
      // the client went away, or the script hung up
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
