package io.condo.docker;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the JSON lines of a pull: remembers an error, and logs progress without flooding (layer
 * byte counters at most every few seconds).
 */
final class PullProgress implements Consumer<String> {

  private static final Logger LOG = LoggerFactory.getLogger(PullProgress.class);
  private static final long PROGRESS_EVERY_NANOS = 5_000_000_000L;

  private final String image;
  private String error;
  private long lastProgressLog;

  PullProgress(String image) {
    this.image = image;
  }

  @Override
  public void accept(String line) {
    JsonNode event = DockerApi.parse(line);
    if (event.hasNonNull("error")) {
      error = event.get("error").asText();
      return;
    }
    String status = event.path("status").asText("");
    String layer = event.path("id").asText("");
    boolean counter = status.equals("Downloading") || status.equals("Extracting");
    if (!counter) {
      LOG.info("pull {}: {}{}", image, layer.isEmpty() ? "" : layer + " ", status);
    } else if (System.nanoTime() - lastProgressLog > PROGRESS_EVERY_NANOS) {
      lastProgressLog = System.nanoTime();
      LOG.info("pull {}: {} {} {}", image, layer, status, event.path("progress").asText(""));
    }
  }

  String error() {
    return error;
  }
}
