package io.condo.it.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * A throw-away password store for the real credential helper {@code docker-credential-pass}
 * (Debian's golang-docker-credential-helpers, with pass and gnupg): its own GnuPG home with a key
 * made in batch mode, and its own store. Whoever runs the helper needs {@link #env()}.
 */
public final class PassStore implements AutoCloseable {

  private final Map<String, String> env;

  private PassStore(Map<String, String> env) {
    this.env = env;
  }

  public static PassStore create(Path dir) throws IOException {
    Path gnupg = Files.createDirectories(dir.resolve("gnupg"));
    Files.setPosixFilePermissions(gnupg, PosixFilePermissions.fromString("rwx------"));
    Map<String, String> env = Map.of("GNUPGHOME", gnupg.toString(),
        "PASSWORD_STORE_DIR", dir.resolve("password-store").toString());
    Path params = Files.writeString(dir.resolve("key-params"), "%no-protection\nKey-Type: RSA\nKey-Length: 2048\n"
        + "Name-Real: Condo Test\nName-Email: condo-test@example.invalid\nExpire-Date: 0\n%commit\n");
    HostCommand.run(env, null, "gpg", "--batch", "--gen-key", params.toString());
    HostCommand.run(env, null, "pass", "init", "condo-test@example.invalid");
    return new PassStore(env);
  }

  public Map<String, String> env() {
    return env;
  }

  /** Stores credentials for a registry as {@code docker login} would through the helper. */
  public void store(String server, String user, String secret) {
    String json = new io.vertx.core.json.JsonObject().put("ServerURL", server).put("Username", user)
        .put("Secret", secret).encode();
    HostCommand.run(env, json, "docker-credential-pass", "store");
  }

  @Override
  public void close() {
    try {
      HostCommand.run(env, null, "gpgconf", "--kill", "gpg-agent");
    } catch (IllegalStateException ignored) {
      // no agent was started
    }
  }
}
