package io.condo.docker;

import io.condo.bus.DockerReply;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.transport.DockerHttpClient.Request;
import com.github.dockerjava.transport.DockerHttpClient.Response;
import io.condo.fsm.Health;
import java.util.ArrayList;
import java.util.List;

/**
 * Container operations, one Engine API call each. Containers are named by id (or, to read a label,
 * by the name a create was refused for); nothing here ever stops or removes by name.
 */
final class ContainerOps {

  private final EngineTransport engine;

  ContainerOps(EngineTransport engine) {
    this.engine = engine;
  }

  /** {@code POST /containers/create} with the body as given; returns the new container's id. */
  String create(String name, ObjectNode body) {
    JsonNode created = EngineTransport.parse(engine.call(Request.Method.POST,
        engine.versioned("/containers/create?name=" + EngineTransport.encode(name)), EngineTransport.write(body),
        EngineTransport.CALL_TIMEOUT, 201));
    return created.path("Id").asText();
  }

  void start(String id) {
    engine.call(Request.Method.POST, engine.versioned("/containers/" + EngineTransport.encode(id) + "/start"), null,
        EngineTransport.CALL_TIMEOUT, 204, 304);
  }

  /** SIGTERM, SIGKILL after the timeout; one already stopped or gone is fine. */
  void stop(String id, int stopTimeoutSeconds) {
    engine.call(Request.Method.POST,
        engine.versioned("/containers/" + EngineTransport.encode(id) + "/stop?t=" + stopTimeoutSeconds), null,
        EngineTransport.CALL_TIMEOUT.plusSeconds(stopTimeoutSeconds), 204, 304, 404);
  }

  /** Removal with its anonymous volumes; one already gone (or being removed) is fine. */
  void remove(String id) {
    engine.call(Request.Method.DELETE, engine.versioned("/containers/" + EngineTransport.encode(id)
        + "?force=true&v=true"), null, EngineTransport.CALL_TIMEOUT, 204, 404, 409);
  }

  /** {@code POST /containers/{id}/rename}: the name an operator knows a container by. */
  void rename(String id, String name) {
    engine.call(Request.Method.POST, engine.versioned("/containers/" + EngineTransport.encode(id) + "/rename?name="
        + EngineTransport.encode(name)), null, EngineTransport.CALL_TIMEOUT, 204);
  }

  /** One label of a container (by id or name), or null when it has none or does not exist. A read only. */
  String label(String ref, String label) {
    JsonNode inspected = inspectJson(ref);
    return inspected == null ? null : inspected.path("Config").path("Labels").path(label).asText(null);
  }

  /** The container's health as the state machine sees it; GONE when Docker does not know it. */
  DockerReply.ContainerStatus inspect(String ref) {
    JsonNode inspected = inspectJson(ref);
    return inspected == null ? new DockerReply.ContainerStatus(ref, null, null, Health.GONE, null)
        : ContainerHealth.fromInspect(inspected);
  }

  /** Docker's whole answer, or null when it does not know the container. */
  JsonNode inspectJson(String ref) {
    try (Response response = engine.execute(Request.Method.GET,
        engine.versioned("/containers/" + EngineTransport.encode(ref) + "/json"), null, EngineTransport.CALL_TIMEOUT)) {
      if (response.getStatusCode() == 404) {
        return null;
      }
      if (response.getStatusCode() != 200) {
        throw EngineTransport.error(response);
      }
      return EngineTransport.parse(EngineTransport.readAll(response.getBody()));
    }
  }

  /** Ids of every container (running or not) carrying all the label filters {@code key=value}. */
  List<String> listByLabels(String... labelFilters) {
    String filters = "{\"label\":" + EngineTransport.json(labelFilters) + "}";
    JsonNode list = EngineTransport.parse(engine.call(Request.Method.GET,
        engine.versioned("/containers/json?all=1&filters=" + EngineTransport.encode(filters)), null,
        EngineTransport.CALL_TIMEOUT, 200));
    List<String> ids = new ArrayList<>();
    list.forEach(container -> ids.add(container.path("Id").asText()));
    return ids;
  }
}
