package io.condo.bus;

/** Asks for the metrics in Prometheus's text format; answered with a {@link MetricsScrape.Text}. */
public record MetricsScrape() implements Request<MetricsScrape.Text> {

  public record Text(String body) {
  }
}
