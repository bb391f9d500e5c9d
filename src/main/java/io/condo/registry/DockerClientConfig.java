package io.condo.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Docker client config ({@code config.json}) read as the docker CLI reads it, and where it
 * says a registry's credentials are: {@code credHelpers[host]}, else {@code credsStore}, else
 * {@code auths} (the exact key first, then any key with the same host name, scheme and path
 * ignored). Pure: text in, decisions out. One malformed entry spoils only its own registry.
 */
public final class DockerClientConfig {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** A helper is a program name, never a path: {@code docker-credential-<name>}. */
  private static final Pattern HELPER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

  /** Where a registry's credentials come from. */
  public sealed interface Source {
  }

  /** Ask the program {@code docker-credential-<name>}. */
  public record Helper(String name, String reason) implements Source {
  }

  /** Written in the file itself ({@code auths}). */
  public record Stored(RegistryAuth auth) implements Source {
  }

  /** The entry for this registry cannot be used; {@code problem} says why, without its value. */
  public record Invalid(String problem) implements Source {
  }

  /** Nothing for this registry: pull as nobody. */
  public record None() implements Source {
  }

  private final String origin;
  private final Map<String, String> credHelpers = new LinkedHashMap<>();
  private final String credsStore;
  private final Map<String, JsonNode> auths = new LinkedHashMap<>();

  private DockerClientConfig(String origin, JsonNode root) {
    this.origin = origin;
    root.path("credHelpers").fields().forEachRemaining(e -> credHelpers.put(e.getKey(), e.getValue().asText("")));
    String store = root.path("credsStore").asText("");
    this.credsStore = store.isBlank() ? null : store;
    root.path("auths").fields().forEachRemaining(e -> auths.put(e.getKey(), e.getValue()));
  }

  public static DockerClientConfig empty(String origin) {
    return new DockerClientConfig(origin, JSON.createObjectNode());
  }

  /** @param origin names the file in messages */
  public static DockerClientConfig parse(String origin, String text) {
    try {
      JsonNode root = JSON.readTree(text);
      if (root == null || !root.isObject()) {
        throw new CredentialsException(origin + " is not a JSON object");
      }
      return new DockerClientConfig(origin, root);
    } catch (JsonProcessingException e) {
      throw new CredentialsException(origin + " is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr() + ")");
    }
  }

  public Source sourceFor(String registry) {
    String helper = credHelpers.get(registry);
    if (helper != null) {
      return helper(helper, "credHelpers of " + registry + " in " + origin);
    }
    if (credsStore != null) {
      return helper(credsStore, "credsStore in " + origin);
    }
    JsonNode entry = auths.get(registry);
    String key = registry;
    if (entry == null) {
      String host = RegistryHost.hostName(registry);
      for (Iterator<String> keys = auths.keySet().iterator(); keys.hasNext() && entry == null; ) {
        String candidate = keys.next();
        if (RegistryHost.hostName(candidate).equals(host)) {
          entry = auths.get(candidate);
          key = candidate;
        }
      }
    }
    return entry == null ? new None() : stored(registry, key, entry);
  }

  private static Source helper(String name, String reason) {
    return HELPER_NAME.matcher(name).matches() ? new Helper(name, reason)
        : new Invalid("the credential helper named in " + reason + " is not a program name");
  }

  private Source stored(String registry, String key, JsonNode entry) {
    String where = "the auths entry " + key + " in " + origin;
    String token = entry.path("identitytoken").asText("");
    if (!token.isEmpty()) {
      return new Stored(RegistryAuth.token(registry, token));
    }
    String auth = entry.path("auth").asText("");
    if (!auth.isEmpty()) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return new Invalid(where + " has an auth that is not base64");
      }
      int colon = decoded.indexOf(':');
      if (colon <= 0) {
        return new Invalid(where + " has an auth that is not user:password");
      }
      // Split at the first colon only: a password may hold colons, a user name may not.
      return new Stored(RegistryAuth.password(registry, decoded.substring(0, colon), decoded.substring(colon + 1)));
    }
    String user = entry.path("username").asText("");
    String password = entry.path("password").asText("");
    if (!user.isEmpty() && !password.isEmpty()) {
      return new Stored(RegistryAuth.password(registry, user, password));
    }
    return new None();
  }
}
