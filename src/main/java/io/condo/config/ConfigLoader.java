package io.condo.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import io.condo.consul.ConsulSettings;
import io.condo.fleet.ClusterSettings;
import io.condo.fleet.SecretStrength;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Merges the settings, strongest first: command line, environment ({@code CONDO_*}), the
 * configuration file ({@code --config} / {@code CONDO_CONFIG}), then the defaults shipped as
 * {@code conf/condo.json}. Every bad value is an error naming where it came from.
 */
public final class ConfigLoader {

  public static final String DEFAULTS_RESOURCE = "conf/condo.json";

  private final CommandLine cli;
  private final Map<String, String> env;

  /** The values given on the command line; null where not given. */
  public record CommandLine(List<Path> prefixes, Path state, String httpHost, Integer httpPort,
                            String host, Boolean stopContainersOnExit, Path config, Cluster cluster,
                            Consul consul) {

    public CommandLine(List<Path> prefixes, Path state, String httpHost, Integer httpPort, String host,
                       Boolean stopContainersOnExit, Path config) {
      this(prefixes, state, httpHost, httpPort, host, stopContainersOnExit, config,
          new Cluster(null, null, null, null, null, null, null, null, null, null), new Consul(null, null, null));
    }
  }

  /** The Consul options given on the command line; null where not given. */
  public record Consul(String url, String prefix, String token) {
  }

  /** The cluster options given on the command line; null where not given. */
  public record Cluster(String name, String host, Integer port, Integer busPort, String members,
                        Boolean multicast, String secret, String tlsCert, String tlsKey, String tlsCa) {
  }

  public ConfigLoader(CommandLine cli, Map<String, String> env) {
    this.cli = cli;
    this.env = env;
  }

  public CondoConfig load() {
    JsonObject defaults = readDefaults();
    Path configPath = cli.config() != null ? cli.config()
        : env.containsKey("CONDO_CONFIG") ? Path.of(env.get("CONDO_CONFIG")) : null;
    JsonObject file = configPath != null ? readFile(configPath) : new JsonObject();
    JsonObject merged = defaults.mergeIn(file);

    List<Path> prefixes = cli.prefixes() != null && !cli.prefixes().isEmpty() ? cli.prefixes()
        : env.containsKey("CONDO_PREFIXES") ? splitPaths(env.get("CONDO_PREFIXES"))
        : jsonPaths(merged.getJsonArray("prefixes"));
    Path state = pick(cli.state(), "CONDO_STATE", Path::of, Path.of(merged.getString("state")));
    String httpHost = pick(cli.httpHost(), "CONDO_HTTP_HOST", s -> s, merged.getString("httpHost"));
    int httpPort = pick(cli.httpPort(), "CONDO_HTTP_PORT", s -> integer("CONDO_HTTP_PORT", s),
        merged.getInteger("httpPort"));
    String host = pick(cli.host(), "CONDO_HOST", s -> s, merged.getString("host", defaultHost()));
    boolean stopOnExit = pick(cli.stopContainersOnExit(), "CONDO_STOP_CONTAINERS_ON_EXIT",
        Boolean::parseBoolean, merged.getBoolean("stopContainersOnExit", false));
    if (httpPort < 0 || httpPort > 65535) {
      throw new IllegalArgumentException("http port " + httpPort + " is not a TCP port (0-65535)");
    }
    if (prefixes.isEmpty()) {
      throw new IllegalArgumentException("no spec directory given (PREFIX argument, CONDO_PREFIXES or "
          + "\"prefixes\" in the configuration file)");
    }
    return new CondoConfig(prefixes, state, httpHost, httpPort, host, stopOnExit,
        Duration.ofSeconds(merged.getInteger("rescanSeconds", 2)),
        Duration.ofMillis(merged.getInteger("debounceMillis", 20)), cluster(merged), consul(merged));
  }

  private ConsulSettings consul(JsonObject file) {
    Consul c = cli.consul();
    String url = pick(c.url(), "CONDO_CONSUL", s -> s, file.getString("consul"));
    if (url == null) {
      return null;
    }
    String prefix = pick(c.prefix(), "CONDO_CONSUL_PREFIX", s -> s, file.getString("consulPrefix", "condo"));
    String token = pick(c.token(), "CONDO_CONSUL_TOKEN", s -> s, file.getString("consulToken"));
    return ConsulSettings.parse(url, prefix, token);
  }

  /** Clustered as soon as any cluster option is given; alone otherwise. */
  private ClusterSettings cluster(JsonObject file) {
    Cluster c = cli.cluster();
    String name = pick(c.name(), "CONDO_CLUSTER_NAME", s -> s, file.getString("clusterName"));
    String host = pick(c.host(), "CONDO_CLUSTER_HOST", s -> s, file.getString("clusterHost"));
    Integer port = pick(c.port(), "CONDO_CLUSTER_PORT", s -> integer("CONDO_CLUSTER_PORT", s),
        file.getInteger("clusterPort"));
    Integer busPort = pick(c.busPort(), "CONDO_CLUSTER_BUS_PORT", s -> integer("CONDO_CLUSTER_BUS_PORT", s),
        file.getInteger("clusterBusPort"));
    String members = pick(c.members(), "CONDO_CLUSTER_MEMBERS", s -> s, file.getString("clusterMembers"));
    Boolean multicast = pick(c.multicast(), "CONDO_CLUSTER_MULTICAST", Boolean::parseBoolean,
        file.getBoolean("clusterMulticast"));
    String secret = pick(c.secret(), "CONDO_CLUSTER_SECRET", s -> s, file.getString("clusterSecret"));
    refuseWeak(secret, name != null ? name : "condo");
    String tlsCert = pick(c.tlsCert(), "CONDO_CLUSTER_TLS_CERT", s -> s, file.getString("clusterTlsCert"));
    String tlsKey = pick(c.tlsKey(), "CONDO_CLUSTER_TLS_KEY", s -> s, file.getString("clusterTlsKey"));
    String tlsCa = pick(c.tlsCa(), "CONDO_CLUSTER_TLS_CA", s -> s, file.getString("clusterTlsCa"));
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

  private <T> T pick(T fromCli, String envName, Function<String, T> parse, T fallback) {
    if (fromCli != null) {
      return fromCli;
    }
    String value = env.get(envName);
    return value != null && !value.isBlank() ? parse.apply(value) : fallback;
  }

  private static JsonObject readDefaults() {
    try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(DEFAULTS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULTS_RESOURCE + " is missing from the classpath");
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + DEFAULTS_RESOURCE, e);
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

  private static List<Path> splitPaths(String value) {
    return Arrays.stream(value.split("[,:]")).map(String::trim).filter(s -> !s.isEmpty()).map(Path::of).toList();
  }

  private static List<Path> jsonPaths(JsonArray array) {
    return array == null ? List.of() : array.stream().map(String::valueOf).map(Path::of).toList();
  }

  private static int integer(String name, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + "=" + value + " is not a whole number");
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
