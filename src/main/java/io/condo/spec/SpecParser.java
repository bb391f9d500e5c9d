package io.condo.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import us.bpsm.edn.Keyword;

/**
 * Reads one spec file strictly: exactly one EDN map with {@code :spec} and the optional
 * {@code :deploy}, {@code :health-timeout} and {@code :stop-timeout}. Every problem is reported
 * with the file, the line and column where they can be known, and the reason.
 */
public final class SpecParser {

  private static final Set<String> TOP_LEVEL_KEYS =
      Set.of("spec", "deploy", "health-timeout", "stop-timeout", "on-failure", "on-unhealthy", "rollout");
  private static final String ALLOWED_KEYS =
      ":spec, :deploy, :health-timeout, :stop-timeout, :on-failure, :on-unhealthy, :rollout";
  private static final Pattern CONTAINER_NAME = Pattern.compile("/?[a-zA-Z0-9][a-zA-Z0-9_.-]+");

  private SpecParser() {
  }

  public static ServiceSpec parse(Path file, byte[] bytes) throws SpecException {
    return parse(file, EdnFile.text(file, bytes));
  }

  public static ServiceSpec parse(Path file, String text) throws SpecException {
    Map<?, ?> top = EdnFile.singleMap(file, text);
    for (Object key : top.keySet()) {
      if (!(key instanceof Keyword keyword)) {
        throw new SpecException(file, "a top-level key is " + EdnFile.describe(key)
            + "; the allowed keys are " + ALLOWED_KEYS);
      }
      if (!TOP_LEVEL_KEYS.contains(keyword.getName())
          || keyword.getPrefix() != null && !keyword.getPrefix().isEmpty()) {
        throw at(file, text, String.valueOf(key), "unknown key " + key
            + " (allowed: " + ALLOWED_KEYS + ")");
      }
    }
    ObjectNode body = readBody(file, text, top.get(Keyword.newKeyword("spec")));
    Deploy deploy = readDeploy(file, text, top.get(Keyword.newKeyword("deploy")));
    int healthTimeout = readSeconds(file, text, top, "health-timeout",
        ServiceSpec.DEFAULT_HEALTH_TIMEOUT, 1);
    int stopTimeout = readSeconds(file, text, top, "stop-timeout",
        ServiceSpec.DEFAULT_STOP_TIMEOUT, 0);
    if (deploy.isAfter() && body.has("Name")) {
      throw at(file, text, ":Name", ":Name cannot be used with " + deploy
          + ": the old and the new container would need the same name");
    }
    Healing healing = new Healing(
        readRule(file, text, top, "on-failure", "Retry", "Rollback", 1, 100),
        readRule(file, text, top, "on-unhealthy", "Report", "Replace", 1, 86_400));
    return ServiceSpec.of(body, deploy, healthTimeout, stopTimeout, healing, readRollout(file, text, top));
  }

  /** {@code {:parallel n :pause s}}, both optional inside (1 and 0); null when the file has no {@code :rollout}. */
  private static Rollout readRollout(Path file, String text, Map<?, ?> top) throws SpecException {
    Object value = top.get(Keyword.newKeyword("rollout"));
    if (value == null) {
      return null;
    }
    String usage = ":rollout must be {:parallel n :pause s} with n from 1 to " + Rollout.MAX_PARALLEL
        + " and s from 0 to " + Rollout.MAX_PAUSE_SECONDS + " seconds";
    if (!(value instanceof Map<?, ?> map) || !Set.of(Keyword.newKeyword("parallel"), Keyword.newKeyword("pause"))
        .containsAll(map.keySet())) {
      throw at(file, text, ":rollout", usage + ", found " + EdnFile.describe(value));
    }
    Object parallel = map.get(Keyword.newKeyword("parallel"));
    Object pause = map.get(Keyword.newKeyword("pause"));
    boolean fits = (parallel == null || parallel instanceof Long n && n >= 1 && n <= Rollout.MAX_PARALLEL)
        && (pause == null || pause instanceof Long p && p >= 0 && p <= Rollout.MAX_PAUSE_SECONDS);
    if (!fits) {
      throw at(file, text, ":rollout", usage + ", found " + EdnFile.describe(value));
    }
    return new Rollout(parallel == null ? 1 : ((Long) parallel).intValue(), pause == null ? 0 : ((Long) pause).intValue());
  }

  /**
   * {@code [:Default]} (0) or {@code [:Other n]} with n from {@code min} to {@code max}: the shape
   * of {@code :on-failure} and {@code :on-unhealthy}.
   */
  private static int readRule(Path file, String text, Map<?, ?> top, String key, String plain, String counted,
                              int min, int max) throws SpecException {
    Object value = top.get(Keyword.newKeyword(key));
    if (value == null) {
      return 0;
    }
    if (value instanceof List<?> items && !items.isEmpty() && items.get(0) instanceof Keyword rule
        && (rule.getPrefix() == null || rule.getPrefix().isEmpty())) {
      if (rule.getName().equals(plain) && items.size() == 1) {
        return 0;
      }
      if (rule.getName().equals(counted) && items.size() == 2
          && items.get(1) instanceof Long n && n >= min && n <= max) {
        return n.intValue();
      }
    }
    throw at(file, text, ":" + key, ":" + key + " must be [:" + plain + "] or [:" + counted + " n] with n a whole number from "
        + min + " to " + max + ", found " + EdnFile.describe(value));
  }

  private static ObjectNode readBody(Path file, String text, Object spec) throws SpecException {
    if (spec == null) {
      throw new SpecException(file, "missing :spec (the Docker create-container body)");
    }
    if (!(spec instanceof Map<?, ?>)) {
      throw at(file, text, ":spec", ":spec must be a map, found " + EdnFile.describe(spec));
    }
    return checkBody(file, text, spec, ":spec", ":spec ");
  }

  /**
   * A create-container body, checked the same wherever it is written.
   *
   * @param where the keyword errors point at when no better one is found
   * @param prefix how messages name the body (":spec ", or nothing in self.edn)
   */
  private static ObjectNode checkBody(Path file, String text, Object spec, String where, String prefix)
      throws SpecException {
    JsonNode body;
    try {
      body = EdnToJson.convert(spec, where);
    } catch (EdnToJson.ConversionException e) {
      TextPosition pos = e.token == null ? new TextPosition(0, 0) : TextPosition.ofToken(text, e.token);
      throw new SpecException(file, pos.line(), pos.column(), e.path + ": " + e.getMessage());
    }
    JsonNode image = body.get("Image");
    if (image == null || !image.isTextual() || image.asText().isBlank()) {
      throw at(file, text, where, prefix + ":Image is required and must be a non-empty string");
    }
    JsonNode name = body.get("Name");
    if (name != null && (!name.isTextual() || !CONTAINER_NAME.matcher(name.asText()).matches())) {
      throw at(file, text, ":Name", prefix + ":Name must be a container name ([a-zA-Z0-9][a-zA-Z0-9_.-]+)");
    }
    JsonNode labels = body.get("Labels");
    if (labels != null && !labels.isObject() && !labels.isNull()) {
      throw at(file, text, ":Labels", prefix + ":Labels must be a map of strings");
    }
    return (ObjectNode) body;
  }

  /**
   * {@code self.edn}: Condo's own create-container body, bare (no {@code :spec} around it), checked
   * as a {@code :spec} is. The deploy fields are the defaults: a self-deploy has its own rules.
   */
  public static ServiceSpec parseSelf(Path file, byte[] bytes) throws SpecException {
    String text = EdnFile.text(file, bytes);
    Map<?, ?> top = EdnFile.singleMap(file, text);
    return ServiceSpec.of(checkBody(file, text, top, ":Image", ""), Deploy.BEFORE,
        ServiceSpec.DEFAULT_HEALTH_TIMEOUT, ServiceSpec.DEFAULT_STOP_TIMEOUT);
  }

  private static Deploy readDeploy(Path file, String text, Object deploy) throws SpecException {
    if (deploy == null) {
      return Deploy.BEFORE;
    }
    String usage = ":deploy must be [:Before] or [:After n] with n a whole number of seconds >= 0";
    if (!(deploy instanceof List<?> items) || items.isEmpty()
        || !(items.get(0) instanceof Keyword strategy)) {
      throw at(file, text, ":deploy", usage + ", found " + EdnFile.describe(deploy));
    }
    if (strategy.getName().equals("Before") && items.size() == 1) {
      return Deploy.BEFORE;
    }
    if (strategy.getName().equals("After") && items.size() == 2
        && items.get(1) instanceof Long seconds && seconds >= 0 && seconds <= 86_400) {
      return Deploy.after(seconds.intValue());
    }
    throw at(file, text, ":deploy", usage + ", found " + EdnFile.describe(deploy));
  }

  private static int readSeconds(Path file, String text, Map<?, ?> top, String key, int fallback,
                                 int minimum) throws SpecException {
    Object value = top.get(Keyword.newKeyword(key));
    if (value == null) {
      return fallback;
    }
    if (value instanceof Long seconds && seconds >= minimum && seconds <= 86_400) {
      return seconds.intValue();
    }
    throw at(file, text, ":" + key, ":" + key + " must be a whole number of seconds from " + minimum
        + " to 86400, found " + EdnFile.describe(value));
  }

  private static SpecException at(Path file, String text, String token, String reason) {
    TextPosition pos = TextPosition.ofToken(text, token);
    return new SpecException(file, pos.line(), pos.column(), reason);
  }
}
