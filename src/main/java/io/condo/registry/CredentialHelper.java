package io.condo.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a docker credential helper as the docker CLI does: {@code docker-credential-<name> get}
 * with the registry on stdin and its JSON answer on stdout; the program found on {@code PATH},
 * started without a shell, given a few seconds. A {@code Username} of {@code <token>} means the
 * secret is an identity token. Its output is never logged: on success it is the secret.
 */
public class CredentialHelper {

  static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_OUTPUT = 64 * 1024;

  private final List<Path> path;

  public CredentialHelper(String pathVariable) {
    this.path = pathVariable == null ? List.of()
        : List.of(pathVariable.split(java.io.File.pathSeparator)).stream().filter(s -> !s.isEmpty()).map(Path::of)
            .toList();
  }

  /** The credentials the helper holds for the registry; null when it has none. */
  public RegistryAuth get(String helper, String registry) {
    String program = "docker-credential-" + helper;
    Path executable = path.stream().map(dir -> dir.resolve(program)).filter(Files::isExecutable).findFirst()
        .orElseThrow(() -> new CredentialsException(program + " not found"));
    Process process;
    try {
      process = new ProcessBuilder(executable.toString(), "get").start();
    } catch (IOException e) {
      throw new CredentialsException(program + " cannot be run: " + e.getMessage());
    }
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
    try (OutputStream in = process.getOutputStream()) {
      in.write((registry + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // It exited without reading: its exit status and output say why.
    }
    try {
      if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new CredentialsException(program + " get did not answer within " + TIMEOUT.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new CredentialsException(program + " get was interrupted");
    }
    String stdout = out.join();
    if (process.exitValue() != 0) {
      // On failure the output is the helper's message, e.g. "credentials not found in native keychain".
      if (stdout.contains("credentials not found")) {
        return null;
      }
      String says = (stdout.isBlank() ? err.join() : stdout).strip().lines().findFirst().orElse("");
      throw new CredentialsException(program + " get failed (exit " + process.exitValue() + ")"
          + (says.isEmpty() ? "" : ": " + says));
    }
    return parse(program, registry, stdout);
  }

  static RegistryAuth parse(String program, String registry, String answer) {
    JsonNode json;
    try {
      json = JSON.readTree(answer);
    } catch (IOException e) {
      json = null;
    }
    String user = json == null ? "" : json.path("Username").asText("");
    String secret = json == null ? "" : json.path("Secret").asText("");
    if (secret.isEmpty()) {
      throw new CredentialsException(program + " get answered without a Secret for " + registry);
    }
    return user.equals("<token>") ? RegistryAuth.token(registry, secret) : RegistryAuth.password(registry, user, secret);
  }

  private static String read(InputStream stream) {
    try (stream) {
      byte[] bytes = stream.readNBytes(MAX_OUTPUT);
      stream.transferTo(OutputStream.nullOutputStream());
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
