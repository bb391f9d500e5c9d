package io.condo.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Everything a Condo instance is configured with, after CLI, environment and files are merged. */
public record CondoConfig(List<Path> prefixes, Path state, String httpHost, int httpPort, String host,
                          boolean stopContainersOnExit, Duration rescan, Duration debounce) {
}
