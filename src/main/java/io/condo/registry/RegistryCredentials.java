package io.condo.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The credentials Condo pulls with. The Docker client config is read again whenever its content
 * changed (it is small; a pull is not), so a fixed {@code config.json} is used at the next attempt
 * without restarting Condo. What a helper answered is kept for a few minutes, dropped when the
 * file changes, and dropped once when the registry refused it ({@link #refused}). Thread-safe:
 * pulls run on several worker threads.
 */
public final class RegistryCredentials {

  private static final Logger LOG = LoggerFactory.getLogger(RegistryCredentials.class);
  /** Helpers such as ecr-login hand out tokens that expire: ask again after this long. */
  static final Duration HELPER_CACHE = Duration.ofMinutes(5);

  /** Credentials, and whether they came from a helper's answer kept from before. */
  public record Lookup(Optional<RegistryAuth> auth, boolean cached) {
  }

  private record Kept(RegistryAuth auth, long until) {
  }

  private final Path file;
  private final CredentialHelper helpers;
  private final Map<String, Kept> kept = new ConcurrentHashMap<>();
  private String text;
  private DockerClientConfig config;
  private String unreadable;

  public RegistryCredentials(Path file, CredentialHelper helpers) {
    this.file = file;
    this.helpers = helpers;
  }

  /** Where {@code --docker-config} points, else {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}. */
  /** Credentials from nowhere: every pull as nobody (tools that never pull). */
  public static RegistryCredentials none() {
    return new RegistryCredentials(null, new CredentialHelper(null));
  }

  public static Path defaultFile(Map<String, String> env) {
    String dir = env.get("DOCKER_CONFIG");
    if (dir != null && !dir.isBlank()) {
      return Path.of(dir, "config.json");
    }
    return Path.of(System.getProperty("user.home"), ".docker", "config.json");
  }

  public Path file() {
    return file;
  }

  /** The credentials for the image's registry; none when nothing is configured for it. */
  public Lookup forImage(String image) {
    String registry = RegistryHost.of(image);
    DockerClientConfig current = current();
    DockerClientConfig.Source source = current.sourceFor(registry);
    if (source instanceof DockerClientConfig.Stored stored) {
      return new Lookup(Optional.of(stored.auth()), false);
    }
    if (source instanceof DockerClientConfig.Invalid invalid) {
      throw new CredentialsException(invalid.problem());
    }
    if (source instanceof DockerClientConfig.Helper helper) {
      Kept before = kept.get(registry);
      if (before != null && before.until() - System.nanoTime() > 0) {
        return new Lookup(Optional.ofNullable(before.auth()), true);
      }
      RegistryAuth auth = helpers.get(helper.name(), registry);
      kept.put(registry, new Kept(auth, System.nanoTime() + HELPER_CACHE.toNanos()));
      return new Lookup(Optional.ofNullable(auth), false);
    }
    return new Lookup(Optional.empty(), false);
  }

  /** The registry refused what was kept for it: the next lookup asks the helper again. */
  public void refused(String image) {
    kept.remove(RegistryHost.of(image));
  }

  /** Why the file cannot be used right now (it is then taken as empty), or null. */
  public synchronized String problem() {
    current();
    return unreadable;
  }

  private synchronized DockerClientConfig current() {
    String now;
    if (file == null) {
      return config != null ? config : (config = DockerClientConfig.empty("no Docker client config"));
    }
    try {
      now = Files.readString(file);
    } catch (NoSuchFileException e) {
      now = "";
    } catch (IOException e) {
      remember(null, "cannot read " + file + ": " + e.getMessage());
      return config;
    }
    if (config != null && now.equals(text)) {
      return config;
    }
    text = now;
    kept.clear();
    try {
      remember(now.isBlank() ? DockerClientConfig.empty(file.toString())
          : DockerClientConfig.parse(file.toString(), now), null);
    } catch (CredentialsException e) {
      remember(DockerClientConfig.empty(file.toString()), e.getMessage());
    }
    return config;
  }

  private void remember(DockerClientConfig read, String problem) {
    if (read != null) {
      config = read;
    } else if (config == null) {
      config = DockerClientConfig.empty(file.toString());
    }
    if (problem != null && !problem.equals(unreadable)) {
      LOG.warn("{}; pulling without its credentials meanwhile", problem);
    } else if (problem == null && unreadable != null) {
      LOG.info("{} is read again", file);
    }
    unreadable = problem;
  }
}
