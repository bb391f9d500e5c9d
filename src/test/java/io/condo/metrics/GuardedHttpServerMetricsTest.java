package io.condo.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import org.junit.jupiter.api.Test;

/**
 * A request on a connection Vert.x accepted before the server's metrics existed has no connection
 * metric: Micrometer's implementation throws on it and the request is never answered; guarded, it
 * goes uncounted. That every other request is still counted, MetricsIT shows on a real Condo.
 */
class GuardedHttpServerMetricsTest {

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void aConnectionWithoutAMetricIsNotCountedAndDoesNotThrow() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    HttpServerMetrics raw = new MicrometerMetricsFactory(registry)
        .metrics(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
        .createHttpServerMetrics(new HttpServerOptions(), SocketAddress.inetSocketAddress(80, "127.0.0.1"));
    HttpServerMetrics guarded = new GuardedHttpServerMetrics(raw);
    assertThrows(NullPointerException.class, () -> raw.requestBegin(null, null),
        "the unguarded metrics throw on a connection without a metric");
    assertNull(guarded.requestBegin(null, null));
    guarded.requestEnd(null, null, 10);
    guarded.responseBegin(null, null);
    guarded.responseEnd(null, null, 10);
    guarded.bytesRead(null, null, 10);
  }

  @Test
  void aMadeUpMethodIsCountedAsOtherAndAStandardOneAsItself() {
    assertEquals(HttpMethod.GET, GuardedHttpServerMetrics.bounded(HttpMethod.GET));
    assertEquals(HttpMethod.PATCH, GuardedHttpServerMetrics.bounded(HttpMethod.PATCH));
    assertEquals("OTHER", GuardedHttpServerMetrics.bounded(HttpMethod.valueOf("FOO123")).name());
    assertEquals("OTHER", GuardedHttpServerMetrics.bounded(HttpMethod.valueOf("PROPFIND")).name());
  }
}
