package io.condo.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.transport.DockerHttpClient.Request;
import com.github.dockerjava.transport.DockerHttpClient.Response;
import io.condo.bus.DockerReply.ImageRemoval.Outcome;
import java.time.Duration;

/**
 * Removes an image only when no container, Condo's or anyone's, running or not, is made from it
 * or from an image built on it. Never forced: Docker itself refuses an image a container created
 * in between uses, and a tag that other tags share is only untagged.
 */
final class UnusedImages {

  private static final Duration REMOVE_TIMEOUT = Duration.ofSeconds(60);

  private final EngineTransport engine;

  UnusedImages(EngineTransport engine) {
    this.engine = engine;
  }

  Outcome remove(String image) {
    String name = EngineTransport.encode(image);
    try (Response known = engine.execute(Request.Method.GET, engine.versioned("/images/" + name + "/json"), null,
        EngineTransport.CALL_TIMEOUT)) {
      if (known.getStatusCode() == 404) {
        return Outcome.ABSENT;
      }
      if (known.getStatusCode() != 200) {
        throw EngineTransport.error(known);
      }
    }
    String filters = "{\"ancestor\":" + EngineTransport.json(new String[] {image}) + "}";
    JsonNode users = EngineTransport.parse(engine.call(Request.Method.GET,
        engine.versioned("/containers/json?all=1&filters=" + EngineTransport.encode(filters)), null,
        EngineTransport.CALL_TIMEOUT, 200));
    if (!users.isEmpty()) {
      return Outcome.IN_USE;
    }
    try (Response removed = engine.execute(Request.Method.DELETE, engine.versioned("/images/" + name), null,
        REMOVE_TIMEOUT)) {
      return switch (removed.getStatusCode()) {
        case 200 -> Outcome.REMOVED;
        case 404 -> Outcome.ABSENT;
        case 409 -> Outcome.IN_USE;
        default -> throw EngineTransport.error(removed);
      };
    }
  }
}
