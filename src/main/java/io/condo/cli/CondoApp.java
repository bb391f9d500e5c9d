package io.condo.cli;

import io.condo.registry.CredentialHelper;
import io.condo.registry.CredentialsWatchVerticle;
import io.condo.registry.RegistryCredentials;
import io.condo.self.HandoverFiles;
import io.condo.self.SelfDeployVerticle;
import io.condo.self.SelfRollVerticle;
import io.condo.bus.Requests;
import io.condo.bus.Addresses;
import io.condo.bus.MessageCodecs;
import io.condo.config.CondoConfig;
import io.condo.consul.ConsulVerticle;
import io.condo.docker.DockerApi;
import io.condo.docker.DockerEventsVerticle;
import io.condo.docker.DockerWorkerVerticle;
import io.condo.fleet.Cluster;
import io.condo.fleet.FleetVerticle;
import io.condo.http.BrowserBridge;
import io.condo.http.HttpVerticle;
import io.condo.metrics.CondoMetrics;
import io.condo.images.ImageCollectorVerticle;
import io.condo.webhook.WebhookVerticle;
import io.condo.rollout.RolloutVerticle;
import io.condo.images.ImageHistoryFile;
import io.condo.metrics.MetricsVerticle;
import io.condo.persist.PersistenceVerticle;
import io.condo.persist.StateFile;
import io.condo.persist.StateLock;
import io.condo.watch.SpecWatcherVerticle;
import io.condo.bus.StopAll;
import io.condo.supervisor.SupervisorVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the verticles together in start-up order: state first (the instance id), HTTP early so the
 * operator can see Condo waiting, the Docker worker once Docker answers, the supervisor once it has
 * adopted what runs, then Docker's event stream and the spec files.
 */
public final class CondoApp {

  private static final Logger LOG = LoggerFactory.getLogger(CondoApp.class);

  private final CondoConfig config;
  private final StateLock stateLock;
  private final Cluster cluster;
  private final Vertx vertx;
  private final DockerApi docker;
  private final CondoMetrics metrics;
  private final CountDownLatch terminated = new CountDownLatch(1);
  /** The one clock every verticle reads time from. */
  private final Clock clock = Clock.systemUTC();
  private volatile HttpVerticle http;
  private final StartTimeline timeline;

  private CondoApp(CondoConfig config, StateLock stateLock, StartTimeline timeline, DockerApi docker) {
    this.config = config;
    this.stateLock = stateLock;
    this.timeline = timeline;
    this.metrics = new CondoMetrics(CondoVersion.of());
    this.cluster = config.cluster() != null ? Cluster.join(config.cluster(), metrics) : null;
    this.vertx = cluster != null ? cluster.vertx() : Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(metrics.vertxOptions())).withMetrics(metrics.vertxFactory()).build();
    this.docker = docker != null ? docker : DockerApi.fromEnvironment(metrics,
        new RegistryCredentials(config.dockerConfig(), new CredentialHelper(System.getenv("PATH"))));
    timeline.step(cluster != null ? "vertx+cluster" : "vertx");
  }

  /** @param stateLock held until the process ends: this Condo alone supervises the state */
  public static CondoApp start(CondoConfig config, StateLock stateLock, StartTimeline timeline) {
    CondoApp app = new CondoApp(config, stateLock, timeline, null);
    app.deploy();
    return app;
  }

  /** With the Docker it is given, not the environment's: the training run's, which has none. */
  static CondoApp create(CondoConfig config, StateLock stateLock, StartTimeline timeline, DockerApi docker) {
    return new CondoApp(config, stateLock, timeline, docker);
  }

  /** The HTTP API's port once it listens, else 0. */
  int httpPort() {
    HttpVerticle serving = http;
    return serving == null ? 0 : serving.actualPort();
  }

  void deploy() {
    MessageCodecs.registerAll(vertx.eventBus());
    PersistenceVerticle persistence = new PersistenceVerticle(new StateFile(config.state()));
    deployed("state", persistence);
    String instanceId = persistence.loaded().instanceId();
    LOG.info("condo instance {} on {}, state {}", instanceId, config.host(), config.state());
    HttpVerticle api = new HttpVerticle(config.httpHost(), config.httpPort(), config.http(), config.consul() != null,
        BrowserBridge.newBridgeVertx());
    // Side by side: the API answers "starting" while Docker is asked for its version, and neither
    // needs the other; either failing (a port in use) fails the start at once.
    Future<String> serving = vertx.deployVerticle(api).onSuccess(id -> http = api);
    Future.all(serving, vertx.deployVerticle(new DockerWorkerVerticle(docker, instanceId, clock))).await();
    timeline.step("http+docker");
    deployed("adoption", new SupervisorVerticle(config.host(), clock));
    String startedFrom = System.getenv(SelfDeployVerticle.STARTED_FROM_ENV);
    deployed("self", new SelfDeployVerticle(config.state(), startedFrom));
    deployed("metrics", new MetricsVerticle(metrics));
    if (config.webhooks().any()) {
      // Before the fleet's, which makes the events: the first transition is already for the outbox.
      deployed("webhooks", new WebhookVerticle(instanceId, config.webhooks(), config.state(), clock));
    }
    if (config.imageKeep() > 0) {
      deployed("images", new ImageCollectorVerticle(config.imageKeep(), new ImageHistoryFile(config.state())));
    }
    deployed("fleet", cluster != null
        ? new FleetVerticle(cluster.node(), cluster::members, config.fleetInstancesPerNode(), clock)
        : new FleetVerticle(null, java.util.Set::of, 1, clock));
    if (cluster != null) {
      cluster.forwardMembershipTo(vertx.eventBus());
    }
    // After the fleet's: a new Condo ends its turn in the roll once the fleet has its services.
    deployed("self-roll", new SelfRollVerticle(instanceId, config.host(), startedFrom, config.state(),
        cluster == null ? null : cluster.rollKey(), clock));
    deployed("rollouts",
        new RolloutVerticle(instanceId, config.host(), cluster == null ? null : cluster.rollKey(), clock));
    if (config.consul() != null) {
      deployed("consul", new ConsulVerticle(config.consul()));
    }
    deployed("docker-events", new DockerEventsVerticle(docker, instanceId));
    deployed("credentials", new CredentialsWatchVerticle(config.dockerConfig()));
    deployed("specs", new SpecWatcherVerticle(config.prefixes(), config.debounce(), config.rescan(), clock));
    LOG.info("condo {}", timeline.summary());
  }

  private void deployed(String step, VerticleBase verticle) {
    vertx.deployVerticle(verticle).await();
    timeline.step(step);
  }

  /**
   * SIGTERM/SIGINT: leave the services running unless asked to stop them too; never during a
   * self-deploy's hand-over, whose SIGTERM means "another Condo takes over what runs".
   */
  void shutdown() {
    boolean stopAll = config.stopContainersOnExit() && !HandoverFiles.underWay(config.state());
    try {
      if (stopAll) {
        LOG.info("stopping every managed container before exit");
        Requests.ask(vertx.eventBus(), Addresses.STOP_ALL, new StopAll(),
            new DeliveryOptions().setSendTimeout(TimeUnit.MINUTES.toMillis(5))).await();
      }
      vertx.close().await();
      if (cluster != null) {
        cluster.leave();
      }
      docker.close();
      stateLock.close();
      LOG.info("condo stopped; {}", stopAll ? "its containers were removed"
          : "its containers keep running");
    } catch (RuntimeException e) {
      LOG.error("shutdown: {}", e.getMessage());
    } finally {
      terminated.countDown();
    }
  }

  void awaitTermination() {
    try {
      terminated.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
