package io.condo.config;

import io.condo.registry.RegistryCredentials;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import io.condo.consul.ConsulSettings;
import io.condo.fleet.ClusterSettings;
import io.condo.http.HttpSettings;
import io.condo.http.Origins;
import io.condo.webhook.Receiver;
import io.condo.webhook.WebhookSettings;
import io.condo.fleet.SecretStrength;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Merges the settings, strongest first: command line, environment ({@code CONDO_*}), the
 * configuration file ({@code --config} / {@code CONDO_CONFIG}), then the defaults of
 * {@link Setting} (which {@code conf/condo.json} shows). Every bad value is an error naming where
 * it came from.
 */
public final class ConfigLoader {

  /** More images per service than anyone rolls back to; the history itself holds 64. */
  static final int MAX_IMAGE_KEEP = 32;

  private final Map<Setting, String> given;
  private final Map<String, String> env;
  private final JsonObject file;
  private final Path filePath;

  /**
   * @param given the values given on the command line, as text (the directories one a line)
   * @param env the environment
   */
  public ConfigLoader(Map<Setting, String> given, Map<String, String> env) {
    this.given = given;
    this.env = env;
    // The file's own path comes from the command line or the environment only.
    String config = given.get(Setting.CONFIG) != null ? given.get(Setting.CONFIG) : env.get(Setting.CONFIG.env());
    this.filePath = config == null || config.isBlank() ? null : Path.of(config);
    this.file = filePath == null ? new JsonObject() : readFile(filePath);
  }

  /** A setting's text and where it came from, for errors. */
  private record Value(String text, String source) {
  }

  public CondoConfig load() {
    List<Path> prefixes = prefixes();
    Path state = state();
    String httpHost = text(Setting.HTTP_HOST);
    int httpPort = integer(Setting.HTTP_PORT);
    String host = text(Setting.HOST) != null ? text(Setting.HOST) : defaultHost();
    boolean stopOnExit = bool(Setting.STOP_CONTAINERS_ON_EXIT);
    if (httpPort < 0 || httpPort > 65535) {
      throw new IllegalArgumentException("http port " + httpPort + " is not a TCP port (0-65535)");
    }
    if (prefixes.isEmpty()) {
      throw new IllegalArgumentException("no spec directory given (PREFIX argument, CONDO_PREFIXES or "
          + "\"prefixes\" in the configuration file)");
    }
    return new CondoConfig(prefixes, state, httpHost, httpPort, host, stopOnExit,
        Duration.ofSeconds(integer(Setting.RESCAN_SECONDS)), Duration.ofMillis(integer(Setting.DEBOUNCE_MILLIS)),
        cluster(), consul(), dockerConfig(), http(), atLeastOne(Setting.FLEET_INSTANCES_PER_NODE), imageKeep(),
        webhooks());
  }

  /** Each URL checked, named by its place, never quoted: a receiver's URL is a credential. */
  private WebhookSettings webhooks() {
    Value value = value(Setting.WEBHOOKS);
    String secret = text(Setting.WEBHOOK_SECRET);
    if (value == null) {
      return WebhookSettings.NONE;
    }
    String separators = value.source().equals(Setting.WEBHOOKS.env()) ? "," : "\n";
    List<String> urls = Arrays.stream(value.text().split(separators)).map(String::trim).filter(u -> !u.isEmpty())
        .toList();
    java.util.Map<String, Receiver> receivers = new java.util.LinkedHashMap<>();
    for (int i = 0; i < urls.size(); i++) {
      try {
        Receiver receiver = Receiver.parse(urls.get(i));
        receivers.putIfAbsent(receiver.key(), receiver);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(value.source() + ": URL " + (i + 1) + " of " + urls.size() + ": "
            + e.getMessage());
      }
    }
    return new WebhookSettings(List.copyOf(receivers.values()),
        secret == null || secret.isEmpty() ? null : secret.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private int imageKeep() {
    int n = integer(Setting.IMAGE_KEEP);
    if (n < 0 || n > MAX_IMAGE_KEEP) {
      Value value = value(Setting.IMAGE_KEEP);
      throw new IllegalArgumentException(value.source() + "=" + value.text() + " must be from 0 (off) to "
          + MAX_IMAGE_KEEP);
    }
    return n;
  }

  private HttpSettings http() {
    String text = text(Setting.HTTP_ALLOWED_ORIGINS);
    List<String> origins = text == null ? List.of()
        : Arrays.stream(text.split("[,\n]")).map(String::trim).filter(o -> !o.isEmpty()).toList();
    Origins allowed;
    try {
      allowed = Origins.of(origins);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(value(Setting.HTTP_ALLOWED_ORIGINS).source() + ": " + e.getMessage());
    }
    return new HttpSettings(allowed, atLeastOne(Setting.HTTP_MAX_EVENT_STREAMS),
        atLeastOne(Setting.HTTP_MAX_BRIDGE_SOCKETS), atLeastOne(Setting.HTTP_MAX_WAITERS),
        atLeastOne(Setting.HTTP_MAX_IDLE_CONNECTIONS), Duration.ofSeconds(atLeastOne(Setting.HTTP_IDLE_SECONDS)));
  }

  private int atLeastOne(Setting setting) {
    int n = integer(setting);
    if (n < 1) {
      Value value = value(setting);
      throw new IllegalArgumentException(value.source() + "=" + value.text() + " must be at least 1");
    }
    return n;
  }

  /** As the docker CLI finds it; the option may name the file or, like docker's --config, its directory. */
  private Path dockerConfig() {
    String given = text(Setting.DOCKER_CONFIG);
    if (given == null) {
      return RegistryCredentials.defaultFile(env);
    }
    Path path = Path.of(given);
    return Files.isDirectory(path) ? path.resolve("config.json") : path;
  }

  /** The state file alone, for tools that read what a Condo would. */
  public Path state() {
    return Path.of(text(Setting.STATE));
  }

  /** The command line's, else the environment's, else the file's, else the default; null when none. */
  private Value value(Setting setting) {
    if (given.get(setting) != null) {
      return new Value(given.get(setting), setting.positional() ? "PREFIX" : setting.option());
    }
    String fromEnv = env.get(setting.env());
    if (fromEnv != null && !fromEnv.isBlank()) {
      return new Value(fromEnv, setting.env());
    }
    Object inFile = setting.key() == null ? null : file.getValue(setting.key());
    if (inFile instanceof JsonArray list) {
      return new Value(String.join("\n", list.stream().map(String::valueOf).toList()),
          setting.key() + " in " + filePath);
    }
    if (inFile != null) {
      return new Value(String.valueOf(inFile), setting.key() + " in " + filePath);
    }
    return setting.defaultValue() == null ? null : new Value(setting.defaultValue(), "the default");
  }

  private String text(Setting setting) {
    Value value = value(setting);
    return value == null ? null : value.text();
  }

  private Integer integer(Setting setting) {
    Value value = value(setting);
    if (value == null) {
      return null;
    }
    try {
      return Integer.parseInt(value.text().trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(value.source() + "=" + value.text() + " is not a whole number");
    }
  }

  private boolean bool(Setting setting) {
    Value value = value(setting);
    return value != null && Boolean.parseBoolean(value.text().trim());
  }

  /**
   * The spec directories: one a line from the command line and the file; the environment's are
   * separated by commas (or colons).
   */
  public List<Path> prefixes() {
    Value value = value(Setting.PREFIXES);
    String separators = value.source().equals(Setting.PREFIXES.env()) ? "[,:]" : "\n";
    return Arrays.stream(value.text().split(separators)).map(String::trim).filter(p -> !p.isEmpty())
        .map(Path::of).toList();
  }

  private ConsulSettings consul() {
    String url = text(Setting.CONSUL);
    return url == null ? null : ConsulSettings.parse(url, text(Setting.CONSUL_PREFIX), text(Setting.CONSUL_TOKEN));
  }

  /** Clustered as soon as any cluster option is given; alone otherwise. */
  private ClusterSettings cluster() {
    String name = text(Setting.CLUSTER_NAME);
    String host = text(Setting.CLUSTER_HOST);
    Integer port = integer(Setting.CLUSTER_PORT);
    Integer busPort = integer(Setting.CLUSTER_BUS_PORT);
    String members = text(Setting.CLUSTER_MEMBERS);
    Boolean multicast = bool(Setting.CLUSTER_MULTICAST);
    String secret = text(Setting.CLUSTER_SECRET);
    refuseWeak(secret, name != null ? name : "condo");
    String tlsCert = text(Setting.CLUSTER_TLS_CERT);
    String tlsKey = text(Setting.CLUSTER_TLS_KEY);
    String tlsCa = text(Setting.CLUSTER_TLS_CA);
    ClusterSettings.Tls tls = null;
    if (tlsCert != null || tlsKey != null || tlsCa != null) {
      if (tlsCert == null || tlsKey == null || tlsCa == null) {
        throw new IllegalArgumentException("cluster TLS needs all three of --cluster-tls-cert, --cluster-tls-key "
            + "and --cluster-tls-ca");
      }
      tls = new ClusterSettings.Tls(tlsCert, tlsKey, tlsCa);
    }
    if (name == null && host == null && port == null && members == null && !Boolean.TRUE.equals(multicast)) {
      return null;
    }
    int hazelcastPort = port != null ? port : 5701;
    // Any free port unless pinned: it is advertised through the cluster, so peers find it.
    int eventBusPort = busPort != null ? busPort : 0;
    if (hazelcastPort < 1 || hazelcastPort > 65535) {
      throw new IllegalArgumentException("cluster port " + hazelcastPort + " is not a TCP port (1-65535)");
    }
    if (eventBusPort < 0 || eventBusPort > 65535) {
      throw new IllegalArgumentException("cluster bus port " + eventBusPort + " is not a TCP port (0-65535)");
    }
    List<String> memberList = members == null ? List.of() : Arrays.stream(members.split(","))
        .map(String::trim).filter(m -> !m.isEmpty())
        .map(m -> m.contains(":") ? m : m + ":" + hazelcastPort).toList();
    return new ClusterSettings(name != null ? name : "condo", host != null ? host : defaultAddress(),
        hazelcastPort, eventBusPort, memberList, Boolean.TRUE.equals(multicast), secret, tls);
  }

  /** The secret guards a root shell on every host (the event bus drives Docker): no guessable ones. */
  private static void refuseWeak(String secret, String clusterName) {
    if (secret == null) {
      return;
    }
    SecretStrength.weakness(secret, clusterName).ifPresent(reason -> {
      throw new IllegalArgumentException("the cluster secret is too weak: " + reason + ". Whoever guesses it "
          + "commands Docker on every host of the fleet: use 256 random bits, such as the output of "
          + "`condo secret` (java -jar condo.jar secret), the same on every member");
    });
  }

  private static String defaultAddress() {
    try {
      return InetAddress.getLocalHost().getHostAddress();
    } catch (UnknownHostException e) {
      return "127.0.0.1";
    }
  }



  private static JsonObject readFile(Path path) {
    try {
      return new JsonObject(Files.readString(path));
    } catch (IOException e) {
      throw new IllegalArgumentException("configuration file " + path + ": cannot read: " + e.getMessage());
    } catch (DecodeException e) {
      throw new IllegalArgumentException("configuration file " + path + ": not a JSON object: "
          + e.getMessage());
    }
  }




  private static String defaultHost() {
    String fromEnv = System.getenv("HOSTNAME");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
