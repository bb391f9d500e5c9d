package io.condo.docker;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Which failures are a kept-alive connection to a restarted dockerd, and so sent once more. */
class StaleConnectionTest {

  private static RuntimeException failure(String message) {
    return new RuntimeException(new IOException(message));
  }

  @Test
  void aBrokenWriteIsSentAgainEvenForACreate() {
    assertTrue(DockerApi.wentStale(failure("Broken pipe"), "/v1.41/containers/create?name=web_x"));
    assertTrue(DockerApi.wentStale(failure("Connection reset by peer"), "/v1.41/containers/abc/json"));
  }

  @Test
  void noAnswerIsSentAgainExceptACreateThatMayHaveBeenReceived() {
    assertTrue(DockerApi.wentStale(failure("localhost:2375 failed to respond"), "/v1.41/containers/abc/json"));
    assertFalse(DockerApi.wentStale(failure("localhost:2375 failed to respond"), "/v1.41/containers/create?name=x"));
  }

  @Test
  void anEngineThatIsAwayIsNotRetriedHere() {
    assertFalse(DockerApi.wentStale(failure("Connection refused"), "/v1.41/containers/abc/json"));
    assertFalse(DockerApi.wentStale(failure("No such file or directory"), "/v1.41/containers/abc/json"));
  }
}
