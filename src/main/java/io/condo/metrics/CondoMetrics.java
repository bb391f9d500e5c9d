package io.condo.metrics;

import io.condo.docker.DockerApi;
import io.condo.fleet.Cluster;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Every metric Condo exposes at {@code /metrics}, in one Prometheus registry: Condo's own (see
 * {@link ServiceMetrics} and the Docker calls here), the JVM's, the process's and the HTTP
 * server's (through vertx-micrometer-metrics). Label values come from small fixed sets (states,
 * operations, strategies): never a container id or a service name, so the series stay bounded.
 */
public final class CondoMetrics implements DockerApi.CallObserver, Cluster.VertxMetricsSource {

  /** Docker calls take milliseconds to seconds; a pull or a stop can take minutes. */
  private static final Duration[] DOCKER_BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10),
      Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
      Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
      Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)};

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  public CondoMetrics(String version) {
    // Two of Micrometer's names break Prometheus's conventions (promtool refuses them): a count
    // that is a gauge, and a counter in nanoseconds where process_cpu_usage says as much.
    registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")))
        .meterFilter(new MeterFilter() {
          @Override
          public Meter.Id map(Meter.Id id) {
            return id.getName().equals("system.cpu.count") ? id.withName("system.cpu.cores") : id;
          }
        });
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    Gauge.builder("condo.build.info", () -> 1).description("Condo's version, as a label; always 1")
        .tag("version", version).register(registry);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The text Prometheus scrapes. */
  public String scrape() {
    return registry.scrape();
  }

  /** Vert.x's own metrics into the same registry: only the HTTP server's, whose labels are bounded. */
  @Override
  public MetricsOptions vertxOptions() {
    MicrometerMetricsOptions options = new MicrometerMetricsOptions().setEnabled(true);
    for (MetricsDomain domain : MetricsDomain.values()) {
      if (domain != MetricsDomain.HTTP_SERVER) {
        options.addDisabledMetricsCategory(domain);
      }
    }
    return options;
  }

  @Override
  public VertxMetricsFactory vertxFactory() {
    return new GuardedMetricsFactory(new MicrometerMetricsFactory(registry));
  }

  @Override
  public void called(String operation, long nanos, boolean failed) {
    Timer.builder("condo.docker.request.duration").description("Docker Engine API calls, by operation")
        .tag("operation", operation).serviceLevelObjectives(DOCKER_BUCKETS).register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
    Counter errors = Counter.builder("condo.docker.errors").description("Docker Engine API calls that failed")
        .tag("operation", operation).register(registry);
    if (failed) {
      errors.increment();
    }
  }
}
