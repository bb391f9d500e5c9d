package io.condo.it.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The class-data archive a Condo process starts with, as the image and the demo start it: built by
 * {@code scripts/cds-archive.sh} beside the jar when missing or older than the jar. A process of
 * a jar whose archive cannot be built starts without one ({@code -Dcondo.cds=false} too, for a
 * measurement side by side).
 */
public final class ClassDataArchive {

  private ClassDataArchive() {
  }

  /** The JVM options that use the jar's archive, or none. */
  public static synchronized List<String> optionsFor(Path jar) {
    if (!Boolean.parseBoolean(System.getProperty("condo.cds", "true"))) {
      return List.of();
    }
    Path absolute = jar.toAbsolutePath();
    Path archive = absolute.resolveSibling(absolute.getFileName().toString().replaceFirst("\\.jar$", "") + ".jsa");
    try {
      if (!Files.exists(archive) || Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(absolute)) < 0) {
        ProcessBuilder script = new ProcessBuilder(CondoImage.projectDir().resolve("scripts/cds-archive.sh").toString(),
            absolute.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        // An archive is used only by the JVM that made it: the one Condo's processes run on.
        script.environment().put("JAVA", CondoProcess.javaBinary());
        Process build = script.start();
        if (!build.waitFor(2, TimeUnit.MINUTES)) {
          build.descendants().forEach(ProcessHandle::destroyForcibly);
          build.destroyForcibly();
        }
      }
    } catch (IOException e) {
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
    // A stale or refused archive is skipped by the JVM; its one warning line is not Condo's output.
    return Files.exists(archive)
        ? List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off")
        : List.of();
  }
}
