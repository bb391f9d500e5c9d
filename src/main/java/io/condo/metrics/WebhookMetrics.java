package io.condo.metrics;

import io.condo.bus.WebhookProgress;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The webhook outbox as metrics: {@code condo_webhook_deliveries_total{result}},
 * {@code condo_webhook_dropped_total} and {@code condo_webhook_queue}. Registered on the outbox's
 * first report, so a Condo without webhooks shows none of them.
 */
final class WebhookMetrics {

  private final MeterRegistry registry;
  private final AtomicInteger queued = new AtomicInteger();
  private Counter dropped;

  WebhookMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void progress(WebhookProgress progress) {
    if (dropped == null) {
      dropped = Counter.builder("condo.webhook.dropped")
          .description("Webhook events never delivered: the outbox was full, or 24 h went by").register(registry);
      Gauge.builder("condo.webhook.queue", queued::get)
          .description("Webhook events waiting for delivery, summed over receivers").register(registry);
    }
    if (progress.result() != null) {
      Counter.builder("condo.webhook.deliveries")
          .description("Webhook delivery attempts, by result: delivered (2xx), refused (another answer), failed (none in 10 s)")
          .tag("result", progress.result()).register(registry).increment();
    }
    dropped.increment(progress.dropped());
    queued.set(progress.queued());
  }
}
