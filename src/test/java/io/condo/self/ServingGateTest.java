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

  @Test
  void condosPortIsItsCommandsThenItsEnvironmentsThenTheFirstExposed() throws Exception {
    assertEquals(8080, ServingGate.httpPort(inspected("{\"Cmd\":[\"--state\",\"/s\",\"--http-port\",\"8080\"],"
        + "\"Env\":[\"CONDO_HTTP_PORT=80\"],\"ExposedPorts\":{\"80/tcp\":{}}}")));
    assertEquals(9090, ServingGate.httpPort(inspected("{\"Cmd\":[\"--http-port=9090\"]}")));
    assertEquals(81, ServingGate.httpPort(inspected("{\"Env\":[\"A=1\",\"CONDO_HTTP_PORT=81\"],\"ExposedPorts\":{\"80/tcp\":{}}}")));
    assertEquals(80, ServingGate.httpPort(inspected("{\"ExposedPorts\":{\"53/udp\":{},\"80/tcp\":{}}}")));
    assertNull(ServingGate.httpPort(inspected("{\"Env\":[\"CONDO_HTTP_PORT=x\"]}")), "not a port");
  }
}
