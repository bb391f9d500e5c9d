package io.condo.it.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Docker's container events as they happen, kept from the moment this opens (the daemon replays
 * only its last few hundred events, fewer than the health checks of a fleet make in a minute):
 * which container did what when, in Docker's clock.
 */
public final class DockerEventLog implements AutoCloseable {

  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private final Thread reader;

  /** @param events the actions kept, as {@code docker events --filter event=} names them */
  public DockerEventLog(String... events) throws IOException {
    List<String> command = new ArrayList<>(List.of("docker", "events", "--filter", "type=container",
        "--format", "{{.ID}} {{.TimeNano}} {{.Action}}"));
    for (String event : events) {
      command.addAll(List.of("--filter", "event=" + event));
    }
    process = new ProcessBuilder(command).redirectErrorStream(true).start();
    reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          synchronized (lines) {
            lines.add(line);
          }
        }
      } catch (IOException closed) {
        // the log was closed
      }
    }, "docker-events");
    reader.setDaemon(true);
    reader.start();
  }

  /** When {@code container} first did {@code action} (e.g. "die", "health_status: healthy"), in nanoseconds. */
  public OptionalLong first(String container, String action) {
    synchronized (lines) {
      return lines.stream().map(line -> line.split(" ", 3)).filter(f -> f.length == 3 && f[0].equals(container))
          .filter(f -> f[2].equals(action)).mapToLong(f -> Long.parseLong(f[1])).min();
    }
  }

  @Override
  public String toString() {
    synchronized (lines) {
      return String.join("\n", lines);
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    reader.join(5_000);
  }
}
