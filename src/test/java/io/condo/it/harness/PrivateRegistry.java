package io.condo.it.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.security.SecureRandom;

/**
 * A real private registry (Debian's docker-registry, installed by scripts/test-packages.sh) on
 * loopback with an htpasswd user, which dockerd allows without TLS. Images get into it with the
 * docker CLI's own push, then lose their local tag so that a deploy must pull them.
 */
public final class PrivateRegistry implements AutoCloseable {

  public static final String USER = "condo-puller";
  /** With a colon (split at the first one only), and characters base64 makes "+" and "/" of. */
  public final String password = "pa:ss?>w~rd-" + HexFormat.of().formatHex(randomBytes());

  private final Path dir;
  private final int port = CondoProcess.freePort();
  private Process process;

  private PrivateRegistry(Path dir) {
    this.dir = dir;
  }

  public static PrivateRegistry start(Path dir) throws IOException {
    PrivateRegistry registry = new PrivateRegistry(dir);
    registry.launch();
    return registry;
  }

  private void launch() throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("htpasswd"), HostCommand.run("htpasswd", "-Bbn", USER, password));
    Path config = Files.writeString(dir.resolve("config.yml"), "version: 0.1\n"
        + "log: {level: warn}\n"
        + "storage: {filesystem: {rootdirectory: " + dir.resolve("data") + "}}\n"
        + "http: {addr: 127.0.0.1:" + port + "}\n"
        + "auth: {htpasswd: {realm: condo-test, path: " + dir.resolve("htpasswd") + "}}\n");
    process = new ProcessBuilder("docker-registry", "serve", config.toString()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("registry.log").toFile()).start();
    Await.until("the registry to answer /v2/ with 401", Duration.ofSeconds(30), () -> {
      try {
        return TestHttp.get("http://" + host() + "/v2/").statusCode() == 401;
      } catch (IllegalStateException notYet) {
        return false;
      }
    });
  }

  /** How images and the Docker client config name it. */
  public String host() {
    return "127.0.0.1:" + port;
  }

  /** The {@code auth} value of a config.json entry: base64 of user:password. */
  public String auth(String user, String secret) {
    return Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Pushes a local image as {@code <host>/<repository>:1} and removes that tag locally (the image
   * stays under its own name), so a deploy of the reference must pull it; the reference.
   */
  public String push(String localImage, String repository) throws IOException {
    String reference = host() + "/" + repository + ":1";
    // The push's own client config, written as docker login writes it to a file store (with no
    // config at all, the CLI would pick the pass helper it finds installed).
    Path login = Files.createTempDirectory(dir, "login");
    Files.writeString(login.resolve("config.json"),
        "{\"auths\": {\"" + host() + "\": {\"auth\": \"" + auth(USER, password) + "\"}}}");
    Map<String, String> env = Map.of("DOCKER_CONFIG", login.toString());
    HostCommand.run("docker", "tag", localImage, reference);
    HostCommand.run(env, null, "docker", "push", reference);
    HostCommand.run("docker", "rmi", reference);
    Files.delete(login.resolve("config.json"));
    return reference;
  }

  @Override
  public void close() {
    if (process != null) {
      process.destroy();
    }
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[6];
    new SecureRandom().nextBytes(bytes);
    return bytes;
  }
}
