package io.condo.it.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** The benchmark table: printed, and written to docs/benchmarks.md with the machine and versions. */
public final class BenchReport {

  private final List<String[]> rows = new ArrayList<>();

  public void row(String bench, String measured, String condo, String compose, String floor, String ratio,
           String target, boolean met) {
    rows.add(new String[] {bench, measured, condo, compose, floor, ratio, target,
        target.isEmpty() || target.startsWith("(") ? "" : met ? "met" : "NOT met"});
  }

  /** Prints the table; a run of every case also writes it to docs/benchmarks.md. */
  public void print(boolean quick, boolean complete) throws IOException, InterruptedException {
    StringBuilder table = new StringBuilder(
        "| case | measured | Condo | compose v2 | floor | Condo/… | target | |\n|---|---|---|---|---|---|---|---|\n");
    for (String[] row : rows) {
      table.append("| ").append(String.join(" | ", row)).append(" |\n");
    }
    System.out.println();
    System.out.print(table);
    if (!complete) {
      return;
    }
    String machine = "Machine: " + Runtime.getRuntime().availableProcessors() + " cores, "
        + firstLine("sh", "-c", "free -g | awk '/Mem:/ {print $2 \" GiB\"}'") + " memory, kernel "
        + firstLine("uname", "-r") + "; Docker " + firstLine("docker", "version", "--format", "{{.Server.Version}}")
        + "; " + firstLine("sh", "-c", "$(bench/compose.sh 2>/dev/null) version --short | sed 's/^/Compose /'")
        + "; Java " + System.getProperty("java.version") + ".";
    String doc = "# Benchmarks\n\n" + (quick ? "A quick run (`bench/run --quick`)" : "A full run (`bench/run`)")
        + " on " + LocalDate.now() + ". " + machine + "\n\n" + table + "\n" + Files.readString(Path.of("bench/NOTES.md"));
    Files.createDirectories(Path.of("docs"));
    Files.writeString(Path.of("docs/benchmarks.md"), doc);
    System.out.println("\nwritten to docs/benchmarks.md");
  }

  private static String firstLine(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes()).trim();
    process.waitFor();
    return output.lines().findFirst().orElse("?");
  }
}
