package io.condo.config;

import java.util.Locale;

/**
 * Every setting of Condo, declared once: its command-line option, from which its environment
 * variable ({@code --cluster-tls-cert} → {@code CONDO_CLUSTER_TLS_CERT}) and its configuration-file
 * key ({@code clusterTlsCert}) follow, its default and what it does. The command line, the
 * configuration loader and the README's option table are all made from this list.
 */
public enum Setting {

  PREFIXES("PREFIX...", null, "/var/lib/condo",
      "Directories of spec files (comma-separated in the environment)."),
  STATE("--state", "FILE", "/var/lib/condo/state", "State file."),
  HTTP_PORT("--http-port", "PORT", "80", "HTTP port, 0 for any free one."),
  HTTP_HOST("--http-host", "ADDRESS", "0.0.0.0", "Address the HTTP API listens on."),
  HTTP_ALLOWED_ORIGINS("--http-allowed-origins", "ORIGIN,...", null,
      "Web origins, besides Condo's own, whose pages may use the browsers' bridge (/eventbus), e.g. https://ops.example."),
  HTTP_MAX_EVENT_STREAMS("--http-max-event-streams", "N", "64",
      "Open /v1/events streams at most; one more is answered 503 with Retry-After."),
  HTTP_MAX_BRIDGE_SOCKETS("--http-max-bridge-sockets", "N", "64",
      "Open browser-bridge sockets (/eventbus) at most; one more is answered 503 with Retry-After."),
  HTTP_MAX_WAITERS("--http-max-waiters", "N", "128",
      "/v1/wait_for requests waiting at once at most; one more is answered 503 with Retry-After."),
  HTTP_MAX_IDLE_CONNECTIONS("--http-max-idle-connections", "N", "256",
      "HTTP connections without a request in flight kept open at most; past it the longest idle is closed."),
  HTTP_IDLE_SECONDS("--http-idle-seconds", "SECONDS", "75",
      "An HTTP connection without a request in flight for this long is closed."),
  HOST("--host", "NAME", null, "Name shown for this instance (default: the hostname)."),
  IMAGE_KEEP("--image-keep", "N", "0",
      "Per service, keep the images of the last N specs that ran and remove older ones Condo used for it"
      + " that no container uses (0: never remove images)."),
  WEBHOOKS("--webhook", "URL", null,
      "POST every transition of this instance, signed, to this http or https URL (repeatable; comma-separated in the"
      + " environment); retried for up to 24 h from a durable outbox beside the state."),
  WEBHOOK_SECRET("--webhook-secret", "SECRET", null,
      "Key of the webhooks' X-Condo-Signature (HMAC-SHA256 of the body); prefer the environment (a command line is"
      + " visible in ps)."),
  STOP_CONTAINERS_ON_EXIT("--stop-containers-on-exit", null, "false",
      "On SIGTERM/SIGINT also stop and remove every managed container (default: leave them running)."),
  CONFIG("--config", "FILE", null, "JSON configuration file; keys as in conf/condo.json."),
  CLUSTER_NAME("--cluster-name", "NAME", null, "Join the fleet of this name (condo when clustered)."),
  CLUSTER_HOST("--cluster-host", "ADDRESS", null, "Address to bind and advertise to peers (default: this host's)."),
  CLUSTER_PORT("--cluster-port", "PORT", null, "Membership (Hazelcast) port (5701 when clustered)."),
  CLUSTER_BUS_PORT("--cluster-bus-port", "PORT", null, "Event-bus port (default: any free port, advertised to peers)."),
  CLUSTER_MEMBERS("--cluster-members", "HOST:PORT,...", null, "Peers to join over TCP."),
  CLUSTER_MULTICAST("--cluster-multicast", null, null, "Find peers by multicast instead of --cluster-members."),
  CLUSTER_SECRET("--cluster-secret", "SECRET", null,
      "Shared secret of the fleet; prefer the environment (a command line is visible in ps)."),
  CLUSTER_TLS_CERT("--cluster-tls-cert", "PEM", null, "This member's event-bus certificate; with -key and -ca."),
  CLUSTER_TLS_KEY("--cluster-tls-key", "PEM", null, "Its private key, PKCS#8."),
  CLUSTER_TLS_CA("--cluster-tls-ca", "PEM", null, "The CA every member's certificate is signed by."),
  CONSUL("--consul", "URL", null, "Expose state in Consul KV at this agent, e.g. http://127.0.0.1:8500."),
  CONSUL_PREFIX("--consul-prefix", "PREFIX", "condo", "KV prefix of the keys."),
  CONSUL_TOKEN("--consul-token", "TOKEN", null,
      "Consul ACL token; prefer the environment (a command line is visible in ps)."),
  DOCKER_CONFIG("--docker-config", "PATH", null,
      "Docker client config (a config.json, or the directory holding it) for registry credentials"
      + " (default: $DOCKER_CONFIG/config.json, else ~/.docker/config.json)."),
  FLEET_INSTANCES_PER_NODE(null, null, "1",
      "How many instances one cluster node may speak for (a Condo is one; more only for a simulated fleet)."),
  RESCAN_SECONDS(null, null, "2", "Seconds between full re-lists of the spec directories (a safety net for inotify)."),
  DEBOUNCE_MILLIS(null, null, "20", "Milliseconds a burst of writes to one file is folded into one change.");

  private final String option;
  private final String label;
  private final String defaultValue;
  private final String description;

  /**
   * @param option the command-line option, or {@code PREFIX...} for the positional directories,
   *     or null for a setting of the configuration file and environment only
   * @param label the value's name in help, or null for a flag
   * @param defaultValue as text, or null when there is none (or it is computed)
   */
  Setting(String option, String label, String defaultValue, String description) {
    this.option = option;
    this.label = label;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  /** The command-line option, null for the positional directories and file-only settings. */
  public String option() {
    return option != null && option.startsWith("--") ? option : null;
  }

  public boolean positional() {
    return this == PREFIXES;
  }

  /** An option given as many times as there are values: {@code --webhook A --webhook B}. */
  public boolean repeatable() {
    return this == WEBHOOKS;
  }

  public boolean flag() {
    return option() != null && label == null;
  }

  public String label() {
    return label;
  }

  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  /** {@code CONDO_} and the name: {@code CONDO_CLUSTER_TLS_CERT}. */
  public String env() {
    return "CONDO_" + name();
  }

  /** The configuration-file key, the name in camel case ({@code clusterTlsCert}); none for --config itself. */
  public String key() {
    if (this == CONFIG) {
      return null;
    }
    StringBuilder key = new StringBuilder();
    for (String word : name().toLowerCase(Locale.ROOT).split("_")) {
      key.append(key.length() == 0 ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
    }
    return key.toString();
  }

  /** How the command line shows it: {@code --state FILE}, {@code PREFIX...}, a bare flag, or null. */
  public String usage() {
    if (positional()) {
      return option;
    }
    return option == null ? null : label == null ? option : option + " " + label;
  }
}
