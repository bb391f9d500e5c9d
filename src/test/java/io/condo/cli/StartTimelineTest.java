package io.condo.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StartTimelineTest {

  @Test
  void theProcessAgeComesFromTheKernelsClocksAndAgreesWithTheJvmsUptime() {
    long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
    Duration age = StartTimeline.sinceProcessStart();
    // The JVM's uptime starts a little after the process; both are read to the kernel's 10 ms tick.
    assertTrue(age.toMillis() >= uptime - 20 && age.toMillis() <= uptime + 1_000, age + " vs uptime " + uptime + " ms");
  }

  @Test
  void theSummaryNamesEveryStepInOrderAfterTheJvmsOwn() {
    StartTimeline timeline = StartTimeline.begin();
    timeline.step("config");
    timeline.step("docker");
    String summary = timeline.summary();
    assertTrue(summary.matches("started in \\d+ ms: jvm \\d+, config \\d+, docker \\d+"), summary);
  }
}
