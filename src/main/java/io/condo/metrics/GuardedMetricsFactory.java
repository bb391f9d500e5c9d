package io.condo.metrics;

import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.core.spi.metrics.VertxMetrics;

/** vertx-micrometer-metrics' factory as it is, making {@link GuardedVertxMetrics}. */
final class GuardedMetricsFactory implements VertxMetricsFactory {

  private final VertxMetricsFactory factory;

  GuardedMetricsFactory(VertxMetricsFactory factory) {
    this.factory = factory;
  }

  @Override
  public VertxMetrics metrics(VertxOptions options) {
    return new GuardedVertxMetrics(factory.metrics(options));
  }

  @Override
  public MetricsOptions newOptions() {
    return factory.newOptions();
  }

  @Override
  public MetricsOptions newOptions(MetricsOptions options) {
    return factory.newOptions(options);
  }

  @Override
  public MetricsOptions newOptions(JsonObject json) {
    return factory.newOptions(json);
  }
}
