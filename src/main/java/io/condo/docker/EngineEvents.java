package io.condo.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.transport.DockerHttpClient.Request;
import com.github.dockerjava.transport.DockerHttpClient.Response;
import java.time.Duration;
import java.util.function.Consumer;

/** Docker's event stream of this instance's containers: lifecycle events only, as parsed JSON. */
final class EngineEvents {

  private final EngineTransport engine;

  EngineEvents(EngineTransport engine) {
    this.engine = engine;
  }

  /** Blocks, streaming events carrying the label filter, until the stream ends or fails. */
  void stream(String labelFilter, Runnable connected, Consumer<JsonNode> onEvent) {
    // Only lifecycle events: health probes run as execs and would otherwise flood the stream with
    // exec_* events. Docker matches "health_status" as a prefix of "health_status: healthy".
    String filters = "{\"type\":[\"container\"],\"label\":[" + EngineTransport.json(labelFilter) + "],"
        + "\"event\":[\"start\",\"kill\",\"die\",\"destroy\",\"health_status\"]}";
    try (Response response = engine.execute(Request.Method.GET,
        engine.versioned("/events?filters=" + EngineTransport.encode(filters)), null, Duration.ZERO)) {
      if (response.getStatusCode() != 200) {
        throw EngineTransport.error(response);
      }
      connected.run();
      EngineTransport.readLines(response.getBody(), line -> onEvent.accept(EngineTransport.parse(line)));
    }
  }
}
