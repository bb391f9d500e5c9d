package io.condo.self;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import org.junit.jupiter.api.Test;

class ServingGateTest {

  private static JsonNode inspected(String json) throws Exception {
    return new ObjectMapper().readTree(json);
  }

  @Test
  void theNewCondoIsAskedAtItsAddressOnItsNetworkAndItsExposedPort() throws Exception {
    assertEquals(URI.create("http://172.17.0.5:80/v1/state"), ServingGate.stateUri(inspected(
        "{\"Config\":{\"ExposedPorts\":{\"9/udp\":{},\"80/tcp\":{}}},"
            + "\"NetworkSettings\":{\"Networks\":{\"bridge\":{\"IPAddress\":\"172.17.0.5\"}}}}")));
  }

  @Test
  void withoutAnAddressOrAPortThereIsNoneToAskAndTheGateIsOpen() throws Exception {
    assertNull(ServingGate.stateUri(inspected("{\"Config\":{\"ExposedPorts\":{\"80/tcp\":{}}},"
        + "\"NetworkSettings\":{\"Networks\":{\"host\":{\"IPAddress\":\"\"}}}}")), "the host's network");
    assertNull(ServingGate.stateUri(inspected("{\"Config\":{},"
        + "\"NetworkSettings\":{\"Networks\":{\"bridge\":{\"IPAddress\":\"172.17.0.5\"}}}}")), "no port exposed");
    assertNull(ServingGate.stateUri(inspected("{\"Config\":{\"ExposedPorts\":{\"x/tcp\":{}}},"
        + "\"NetworkSettings\":{\"Networks\":{\"bridge\":{\"IPAddress\":\"172.17.0.5\"}}}}")), "not a port");
  }
}
