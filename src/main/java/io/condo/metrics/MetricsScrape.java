package io.condo.metrics;

/** Asks for the metrics in Prometheus's text format; answered with a {@link MetricsScrape.Text}. */
public record MetricsScrape() {

  public record Text(String body) {
  }
}
