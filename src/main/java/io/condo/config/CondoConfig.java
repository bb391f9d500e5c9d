package io.condo.config;

import io.condo.consul.ConsulSettings;
import io.condo.fleet.ClusterSettings;
import io.condo.http.HttpSettings;
import io.condo.webhook.WebhookSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything a Condo instance is configured with, after CLI, environment and files are merged.
 * {@code cluster} is null when the instance runs alone, {@code consul} when nothing goes to Consul.
 * {@code dockerConfig} is the Docker client config file registry credentials are read from;
 * {@code http} the HTTP API's bounds and the origins its bridge serves; {@code imageKeep} how
 * many images per service image GC keeps, 0 when it is off; {@code webhooks} where transitions
 * are POSTed ({@link WebhookSettings#NONE} when nowhere).
 */
public record CondoConfig(List<Path> prefixes, Path state, String httpHost, int httpPort, String host,
                          boolean stopContainersOnExit, Duration rescan, Duration debounce,
                          ClusterSettings cluster, ConsulSettings consul, Path dockerConfig, HttpSettings http,
                          int fleetInstancesPerNode, int imageKeep, WebhookSettings webhooks) {
}
