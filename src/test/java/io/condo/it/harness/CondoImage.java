package io.condo.it.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Builds Condo's own Dockerfile offline, on the local Java base image, and runs docker commands. */
public final class CondoImage {

  public static final String BASE = "condo-test/jre:17";
  public static final String IMAGE = "condo-test/condo:it";

  private CondoImage() {
  }

  public static String build() throws IOException, InterruptedException {
    docker("image", "inspect", BASE);
    docker("build", "-q", "--build-arg", "BASE=" + BASE, "-t", IMAGE, projectDir().toString());
    return IMAGE;
  }

  public static Path projectDir() {
    return Path.of(System.getProperty("condo.jar", "target/condo.jar")).toAbsolutePath().getParent().getParent();
  }

  /** Runs the docker CLI and returns its output; fails the test on a non-zero exit. */
  public static String docker(String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("docker"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertEquals(0, process.waitFor(), String.join(" ", command) + ":\n" + output);
    return output.trim();
  }
}
