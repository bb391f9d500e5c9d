package io.condo.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.json.JsonObject;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** What arrives from the cluster is read defensively: only exactly-shaped state is accepted. */
class PeerMessagesTest {

  static JsonObject valid() {
    return PeerMessages.state("0123456789ab", "web-1", "node-1", 3,
        new JsonObject().put("nginx", new JsonObject().put("state", "Stable")));
  }

  @Test
  void aWellFormedStateIsRead() {
    InstanceView view = PeerMessages.readState(valid());
    assertNotNull(view);
    assertEquals("web-1", view.host());
    assertEquals(3, PeerMessages.seq(valid()));
  }

  static Stream<Consumer<JsonObject>> corruptions() {
    return Stream.of(
        m -> m.put("kind", "command"),
        m -> m.put("instance", "../../etc"),
        m -> m.put("instance", 42),
        m -> m.remove("host"),
        m -> m.put("host", "x".repeat(1000)),
        m -> m.put("seq", "many"),
        m -> m.put("services", "all of them"),
        m -> m.getJsonObject("services").put("nginx", new JsonObject().put("state", "Hacked")),
        m -> m.getJsonObject("services").put("nginx", "Stable"));
  }

  @ParameterizedTest
  @MethodSource("corruptions")
  void anythingElseIsDropped(Consumer<JsonObject> corrupt) {
    JsonObject message = valid();
    corrupt.accept(message);
    assertNull(PeerMessages.readState(message));
  }

  @Test
  void theAcceptedStatesAreTheSixOfTheStateApi() {
    assertEquals(java.util.Set.of("Init", "Wait", "TryAgain", "Stable", "WaitNext", "TryAgainNext"),
        io.condo.fsm.Snapshot.NAMES);
  }

  @Test
  void nonJsonIsDropped() {
    assertNull(PeerMessages.readState("{\"kind\":\"state\"}"));
    assertNull(PeerMessages.readState(null));
  }
}
