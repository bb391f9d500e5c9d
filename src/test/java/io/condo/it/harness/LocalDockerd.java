package io.condo.it.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The dockerd process on this machine, restartable with live-restore on or off. Only a dockerd
 * started by hand or by {@code scripts/docker-up.sh} is touched: one under systemd, or a remote
 * engine, is left alone (the scenario is then skipped). {@link #restore} brings back the command
 * line it was found with.
 */
public final class LocalDockerd {

  private static final Path LOG = Path.of("/var/log/dockerd.log");

  private final List<String> original;
  private long pid;

  private LocalDockerd(long pid, List<String> commandLine) {
    this.pid = pid;
    this.original = commandLine;
  }

  /** The local dockerd this process may restart, or empty with the reason printed. */
  public static Optional<LocalDockerd> find() throws IOException, InterruptedException {
    String host = System.getenv("DOCKER_HOST");
    if (host != null && !host.equals("unix:///var/run/docker.sock")) {
      System.out.println("DOCKER_HOST is " + host + ": not restarting a dockerd");
      return Optional.empty();
    }
    if (run("systemctl", "is-active", "--quiet", "docker") == 0) {
      System.out.println("dockerd runs under systemd: not restarting it");
      return Optional.empty();
    }
    Process pgrep = new ProcessBuilder("pgrep", "-x", "dockerd").start();
    String pids = new String(pgrep.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (pgrep.waitFor() != 0 || pids.contains("\n")) {
      System.out.println("no single local dockerd (" + pids + "): not restarting one");
      return Optional.empty();
    }
    long pid = Long.parseLong(pids);
    byte[] raw = Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"));
    List<String> commandLine = Arrays.asList(new String(raw, StandardCharsets.UTF_8).split("\0"));
    return Optional.of(new LocalDockerd(pid, commandLine));
  }

  /** Stops dockerd (SIGTERM, as an upgrade would) and starts it again with live-restore on or off. */
  public void restart(boolean liveRestore) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(original.stream().filter(a -> !a.equals("--live-restore")).toList());
    if (liveRestore) {
      command.add("--live-restore");
    }
    restartAs(command);
  }

  /** Back to the command line it was found with. */
  public void restore() throws IOException, InterruptedException {
    restartAs(original);
  }

  private void restartAs(List<String> command) throws IOException, InterruptedException {
    ProcessHandle old = ProcessHandle.of(pid).orElse(null);
    if (old != null) {
      old.destroy();
      Await.until("dockerd to stop", Duration.ofSeconds(90), () -> !old.isAlive());
    }
    List<String> detached = new ArrayList<>(List.of("setsid"));
    detached.addAll(command);
    Process started = new ProcessBuilder(detached).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(LOG.toFile())).redirectInput(ProcessBuilder.Redirect.PIPE)
        .start();
    started.getOutputStream().close();
    Await.until("dockerd to answer again (see " + LOG + ")", Duration.ofSeconds(60), () -> {
      try {
        DockerProbe.get().containers("condo.none=none");
        return true;
      } catch (RuntimeException notYet) {
        return false;
      }
    });
    pid = pidOf();
  }

  private static long pidOf() throws IOException, InterruptedException {
    Process pgrep = new ProcessBuilder("pgrep", "-x", "dockerd").start();
    String pids = new String(pgrep.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    pgrep.waitFor();
    return Long.parseLong(pids.lines().findFirst().orElseThrow());
  }

  private static int run(String... command) throws InterruptedException {
    try {
      return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start().waitFor();
    } catch (IOException e) {
      return -1;
    }
  }
}
