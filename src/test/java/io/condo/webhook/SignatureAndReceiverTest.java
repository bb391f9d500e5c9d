package io.condo.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SignatureAndReceiverTest {

  @Test
  void theSignatureIsTheHmacSha256OfTheBodyInHex() {
    // RFC 4231, test case 2.
    assertEquals("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        Signature.of("Jefe".getBytes(StandardCharsets.UTF_8),
            "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aReceiverIsShownWithoutItsPathQueryOrUser() {
    Receiver slack = Receiver.parse("https://user:pw@hooks.example/services/T0K3N?x=1");
    assertEquals("https://hooks.example:443", slack.shown());
    assertEquals("/services/T0K3N?x=1", slack.target());
    assertFalse(slack.key().contains("T0K3N"));
    assertNotEquals(slack.key(), Receiver.parse("https://hooks.example/services/OTHER").key());
    assertEquals("/", Receiver.parse("http://relay:8080").target());
    assertEquals("Basic dXNlcjpwdw==", slack.authorization().orElseThrow(), "user:password@ is sent as Basic auth");
    assertEquals("::1", Receiver.parse("http://[::1]:9000/h").host());
  }

  @Test
  void onlyHttpAndHttpsWithAHost() {
    assertEquals("only http and https URLs are accepted",
        assertThrows(IllegalArgumentException.class, () -> Receiver.parse("ftp://x/T0K3N")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> Receiver.parse("http:/T0K3N"));
    assertThrows(IllegalArgumentException.class, () -> Receiver.parse("not a url T0K3N"));
    assertThrows(IllegalArgumentException.class, () -> Receiver.parse("http://relay:99999/T0K3N"));
  }
}
