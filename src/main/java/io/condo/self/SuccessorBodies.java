package io.condo.self;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The create bodies of a self-deploy, as data. The successor is {@code self.edn}'s body with the
 * hash it was made from in its environment and a label saying what it is. The hand-over helper
 * runs the new image's {@code condo handover}: no port, the predecessor's volumes (the Docker
 * socket and the state's volume, so the hand-over file is where the predecessor wrote it), and a
 * restart policy, so a helper killed half-way starts again and finishes.
 */
final class SuccessorBodies {

  static final String SELF_HASH_ENV = "CONDO_SELF_HASH";
  static final String ROLE_LABEL = "condo.self";
  /** The container of the Condo that made it: whose leftovers these are if a hand-over never began. */
  static final String PREDECESSOR_LABEL = "condo.self.predecessor";

  private SuccessorBodies() {
  }

  static ObjectNode successor(ObjectNode selfBody, String hash, String predecessorId) {
    ObjectNode body = selfBody.deepCopy();
    body.remove("Name");
    ArrayNode env = JsonNodeFactory.instance.arrayNode();
    JsonNode given = body.get("Env");
    if (given != null && given.isArray()) {
      given.forEach(e -> {
        if (!e.asText().startsWith(SELF_HASH_ENV + "=")) {
          env.add(e);
        }
      });
    }
    env.add(SELF_HASH_ENV + "=" + hash);
    body.set("Env", env);
    labels(body).put(ROLE_LABEL, "successor").put(PREDECESSOR_LABEL, predecessorId);
    return body;
  }

  static ObjectNode helper(String image, String predecessorId, String handoverFile, List<String> env) {
    ObjectNode body = JsonNodeFactory.instance.objectNode().put("Image", image);
    ArrayNode cmd = body.putArray("Cmd");
    cmd.add("handover").add("--file").add(handoverFile);
    ArrayNode environment = body.putArray("Env");
    env.forEach(environment::add);
    labels(body).put(ROLE_LABEL, "handover").put(PREDECESSOR_LABEL, predecessorId);
    body.putObject("Healthcheck").putArray("Test").add("NONE");
    ObjectNode host = body.putObject("HostConfig");
    host.putArray("VolumesFrom").add(predecessorId);
    host.putObject("RestartPolicy").put("Name", "on-failure").put("MaximumRetryCount", 5);
    return body;
  }

  private static ObjectNode labels(ObjectNode body) {
    JsonNode labels = body.get("Labels");
    return labels instanceof ObjectNode object ? object : body.putObject("Labels");
  }
}
