package io.condo.self;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The containers a self-deploy creates, as exact bodies. */
class SuccessorBodiesTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theSuccessorIsSelfEdnWithItsHashAndWhatItIs() throws Exception {
    ObjectNode self = (ObjectNode) JSON.readTree("{\"Image\":\"condo:2\",\"Name\":\"x\",\"Env\":[\"A=1\","
        + "\"CONDO_SELF_HASH=stale\"],\"Labels\":{\"team\":\"ops\"},\"HostConfig\":{\"PortBindings\":{}}}");
    assertEquals(JSON.readTree("{\"Image\":\"condo:2\",\"Env\":[\"A=1\",\"CONDO_SELF_HASH=abc\"],"
        + "\"Labels\":{\"team\":\"ops\",\"condo.self\":\"successor\",\"condo.self.predecessor\":\"old\"},"
        + "\"HostConfig\":{\"PortBindings\":{}}}"), SuccessorBodies.successor(self, "abc", "old"));
    assertFalse(self.get("Labels").has("condo.self"), "self.edn's own body is left as it is");
  }

  @Test
  void theHelperHasNoPortThePredecessorsVolumesAndARestartPolicy() throws Exception {
    assertEquals(JSON.readTree("{\"Image\":\"condo:2\",\"Cmd\":[\"handover\",\"--file\",\"/var/lib/condo/state.handover\"],"
            + "\"Env\":[\"DOCKER_HOST=unix:///var/run/docker.sock\"],"
            + "\"Labels\":{\"condo.self\":\"handover\",\"condo.self.predecessor\":\"old\"},"
            + "\"Healthcheck\":{\"Test\":[\"NONE\"]},"
            + "\"HostConfig\":{\"VolumesFrom\":[\"old\"],\"RestartPolicy\":{\"Name\":\"on-failure\",\"MaximumRetryCount\":5}}}"),
        SuccessorBodies.helper("condo:2", "old", "/var/lib/condo/state.handover",
            List.of("DOCKER_HOST=unix:///var/run/docker.sock")));
  }
}
