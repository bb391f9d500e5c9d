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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
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
  private final Duration timeout;

  public CredentialHelper(String pathVariable) {
    this(pathVariable, TIMEOUT);
  }

  CredentialHelper(String pathVariable, Duration timeout) {
    this.timeout = timeout;
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
      process = withoutCondoVariables(new ProcessBuilder(executable.toString(), "get")).start();
    } catch (IOException e) {
      throw new CredentialsException(program + " cannot be run: " + e.getMessage());
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
    CompletableFuture.runAsync(() -> read(process.getErrorStream()));
    try (OutputStream in = process.getOutputStream()) {
      in.write((registry + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // It exited without reading: its exit status says so.
    }
    String stdout;
    try {
      if (!process.waitFor(remaining(deadline), TimeUnit.NANOSECONDS)) {
        throw new CredentialsException(program + " get did not answer within " + timeout.toSeconds() + " s");
      }
      // A child it left behind may hold its output open: the answer too has the deadline.
      stdout = out.get(remaining(deadline), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CredentialsException(program + " get was interrupted");
    } catch (TimeoutException | ExecutionException e) {
      throw new CredentialsException(program + " get did not answer within " + timeout.toSeconds() + " s");
    } finally {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
    if (process.exitValue() != 0) {
      // Its output is never quoted: on failure as on success it may hold the secret.
      if (stdout.contains("credentials not found")) {
        return null;
      }
      throw new CredentialsException(program + " get failed (exit " + process.exitValue() + ")");
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

  /**
   * Condo's own environment, less every {@code CONDO_*} variable: a helper is a program of the
   * operator's choosing, and needs none of Condo's settings, tokens or secrets.
   */
  static ProcessBuilder withoutCondoVariables(ProcessBuilder builder) {
    builder.environment().keySet().removeIf(name -> name.startsWith("CONDO_"));
    return builder;
  }

  private static long remaining(long deadline) {
    return Math.max(0, deadline - System.nanoTime());
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
