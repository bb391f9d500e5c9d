package io.condo;

import io.condo.config.CondoConfig;
import io.condo.config.ConfigLoader;
import io.condo.persist.StateLock;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code condo} command. */
@Command(name = "condo", mixinStandardHelpOptions = true, versionProvider = Condo.Version.class,
    sortOptions = false, usageHelpAutoWidth = true, subcommands = {WaitForCommand.class, SecretCommand.class, CheckCommand.class, PlanCommand.class},
    description = {
        "Keeps exactly the Docker containers described by the spec files (<name>.edn) in the",
        "PREFIX directories running, deploys new versions, and serves its state over HTTP.",
        "Every option can also be set by environment (CONDO_*) or in a JSON configuration file."})
public final class Condo implements Callable<Integer> {

  @Parameters(paramLabel = "PREFIX", arity = "0..*",
      description = "Directories of spec files (env CONDO_PREFIXES, comma-separated; default /var/lib/condo).")
  List<Path> prefixes;

  @Option(names = "--state", paramLabel = "FILE",
      description = "State file (env CONDO_STATE; default /var/lib/condo/state).")
  Path state;

  @Option(names = "--http-port", paramLabel = "PORT",
      description = "HTTP port, 0 for any free one (env CONDO_HTTP_PORT; default 80).")
  Integer httpPort;

  @Option(names = "--http-host", paramLabel = "ADDRESS",
      description = "Address the HTTP API listens on (env CONDO_HTTP_HOST; default 0.0.0.0).")
  String httpHost;

  @Option(names = "--host", paramLabel = "NAME",
      description = "Name shown for this instance (env CONDO_HOST; default the hostname).")
  String host;

  @Option(names = "--stop-containers-on-exit",
      description = "On SIGTERM/SIGINT also stop and remove every managed container "
          + "(env CONDO_STOP_CONTAINERS_ON_EXIT; default: leave them running).")
  Boolean stopContainersOnExit;

  @Option(names = "--config", paramLabel = "FILE",
      description = "JSON configuration file (env CONDO_CONFIG); keys as in conf/condo.json.")
  Path config;

  @Option(names = "--cluster-name", paramLabel = "NAME",
      description = "Join the fleet of this name (env CONDO_CLUSTER_NAME; default condo when clustered).")
  String clusterName;

  @Option(names = "--cluster-host", paramLabel = "ADDRESS",
      description = "Address to bind and advertise to peers (env CONDO_CLUSTER_HOST; default this host's address).")
  String clusterHost;

  @Option(names = "--cluster-port", paramLabel = "PORT",
      description = "Membership (Hazelcast) port (env CONDO_CLUSTER_PORT; default 5701).")
  Integer clusterPort;

  @Option(names = "--cluster-bus-port", paramLabel = "PORT",
      description = "Event-bus port (env CONDO_CLUSTER_BUS_PORT; default any free port, advertised to peers).")
  Integer clusterBusPort;

  @Option(names = "--cluster-members", paramLabel = "HOST:PORT,...",
      description = "Peers to join over TCP (env CONDO_CLUSTER_MEMBERS).")
  String clusterMembers;

  @Option(names = "--cluster-multicast",
      description = "Find peers by multicast instead of --cluster-members (env CONDO_CLUSTER_MULTICAST).")
  Boolean clusterMulticast;

  @Option(names = "--cluster-secret", paramLabel = "SECRET",
      description = "Shared secret of the fleet; prefer env CONDO_CLUSTER_SECRET (a command line is visible in ps).")
  String clusterSecret;

  @Option(names = "--cluster-tls-cert", paramLabel = "PEM",
      description = "This member's event-bus certificate (env CONDO_CLUSTER_TLS_CERT); with -key and -ca.")
  String clusterTlsCert;

  @Option(names = "--cluster-tls-key", paramLabel = "PEM",
      description = "Its private key, PKCS#8 (env CONDO_CLUSTER_TLS_KEY).")
  String clusterTlsKey;

  @Option(names = "--cluster-tls-ca", paramLabel = "PEM",
      description = "The CA every member's certificate is signed by (env CONDO_CLUSTER_TLS_CA).")
  String clusterTlsCa;

  @Option(names = "--consul", paramLabel = "URL",
      description = "Expose state in Consul KV at this agent, e.g. http://127.0.0.1:8500 (env CONDO_CONSUL).")
  String consul;

  @Option(names = "--consul-prefix", paramLabel = "PREFIX",
      description = "KV prefix of the keys (env CONDO_CONSUL_PREFIX; default condo).")
  String consulPrefix;

  @Option(names = "--consul-token", paramLabel = "TOKEN",
      description = "Consul ACL token; prefer env CONDO_CONSUL_TOKEN (a command line is visible in ps).")
  String consulToken;

  public static void main(String[] args) {
    CommandLine commandLine = new CommandLine(new Condo());
    commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("condo: " + e.getMessage());
      return 2;
    });
    int exit = commandLine.execute(args);
    if (exit != 0) {
      System.exit(exit);
    }
  }

  @Override
  public Integer call() {
    ConfigLoader.Cluster cluster = new ConfigLoader.Cluster(clusterName, clusterHost, clusterPort, clusterBusPort,
        clusterMembers, clusterMulticast, clusterSecret, clusterTlsCert, clusterTlsKey, clusterTlsCa);
    CondoConfig resolved = new ConfigLoader(new ConfigLoader.CommandLine(prefixes, state, httpHost, httpPort,
        host, stopContainersOnExit, config, cluster, new ConfigLoader.Consul(consul, consulPrefix, consulToken)),
        System.getenv()).load();
    // Before anything else: a second Condo on this state must not even join the fleet.
    StateLock lock = StateLock.acquire(resolved.state(), resolved.host());
    Runtime runtime = Runtime.getRuntime();
    CondoApp app = CondoApp.start(resolved, lock);
    runtime.addShutdownHook(new Thread(app::shutdown, "condo-shutdown"));
    app.awaitTermination();
    return 0;
  }

  /** The version the jar was built as, or "development" when run from classes. */
  static String version() {
    String version = Condo.class.getPackage().getImplementationVersion();
    return version != null ? version : "development";
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"condo " + version()};
    }
  }
}
