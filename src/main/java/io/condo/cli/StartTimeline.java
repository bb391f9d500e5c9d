package io.condo.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a start's time went, step by step, from the process's own start (the JVM's, before
 * {@code main}) to the last verticle: logged once as one line, read by {@code bench/run start}.
 * Every start is a window in which nothing is supervised, so it is worth seeing.
 */
final class StartTimeline {

  /** The kernel's clock ticks ({@code getconf CLK_TCK}), 100 on every Linux Condo runs on. */
  private static final int TICKS_PER_SECOND = 100;

  private final long processStartNanos;
  private final List<String> steps = new ArrayList<>();
  private long last;

  /** @param jvmBeforeMain how long the process ran before {@code main}, as the kernel tells it */
  private StartTimeline(Duration jvmBeforeMain) {
    this.last = System.nanoTime();
    this.processStartNanos = last - jvmBeforeMain.toNanos();
    steps.add("jvm " + jvmBeforeMain.toMillis());
  }

  /** Begun at the top of {@code main}. */
  static StartTimeline begin() {
    return new StartTimeline(sinceProcessStart());
  }

  /**
   * How long this process has run, from the kernel's two clocks since boot (the process's start
   * in ticks, the uptime in seconds): the wall clock's idea of the start is off by a third of a
   * second. Zero where there is no {@code /proc}.
   */
  static Duration sinceProcessStart() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      double uptime = Double.parseDouble(Files.readString(Path.of("/proc/uptime")).trim().split("\\s+")[0]);
      // Fields after the command name, which may hold spaces: the 22nd field, starttime, is the 20th after it.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long startTicks = Long.parseLong(fields[19]);
      long millis = Math.round(uptime * 1000 - startTicks * 1000.0 / TICKS_PER_SECOND);
      return millis > 0 ? Duration.ofMillis(millis) : Duration.ZERO;
    } catch (IOException | RuntimeException e) {
      return Duration.ZERO;
    }
  }

  /** The step that just ended, named. */
  synchronized void step(String name) {
    long now = System.nanoTime();
    steps.add(name + " " + (now - last) / 1_000_000);
    last = now;
  }

  /** "started in 1234 ms: jvm 310, config 12, …" (milliseconds). */
  synchronized String summary() {
    return "started in " + (System.nanoTime() - processStartNanos) / 1_000_000 + " ms: " + String.join(", ", steps);
  }
}
