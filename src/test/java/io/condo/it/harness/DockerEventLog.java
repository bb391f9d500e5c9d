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

  /** One event with the container's Condo labels: instance and service (empty when not Condo's), and its image. */
  public record Labelled(String container, long nanos, String action, String instance, String service, String image) {
  }

  /** @param events the actions kept, as {@code docker events --filter event=} names them */
  public DockerEventLog(String... events) throws IOException {
    this(false, events);
  }

  /** @param labelled whether each line also carries the container's instance, service and image ({@link #labelled()}) */
  public DockerEventLog(boolean labelled, String... events) throws IOException {
    String format = labelled
        ? "{{.ID}}\t{{.TimeNano}}\t{{.Action}}\t{{index .Actor.Attributes \"condo.instance\"}}"
            + "\t{{index .Actor.Attributes \"condo.service\"}}\t{{.Actor.Attributes.image}}"
        : "{{.ID}} {{.TimeNano}} {{.Action}}";
    List<String> command = new ArrayList<>(List.of("docker", "events", "--filter", "type=container",
        "--format", format));
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

  /** Every event so far, for a log made with labels. */
  public List<Labelled> labelled() {
    synchronized (lines) {
      return lines.stream().map(line -> line.split("\t", -1)).filter(f -> f.length == 6)
          .map(f -> new Labelled(f[0], Long.parseLong(f[1]), f[2], f[3], f[4], f[5])).toList();
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
