package io.condo.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The header the daemon accepts, and a value that never prints its secret. */
class RegistryAuthTest {

  @Test
  void theHeaderIsUrlSafePaddedBase64OfTheJsonTheDaemonReads() {
    // ">>>" and "???" make '+' and '/' in standard base64: the daemon ignores a header with them.
    RegistryAuth auth = RegistryAuth.password("127.0.0.1:5000", "ops", "p>>>w???d:x");
    String header = auth.header();
    assertFalse(header.contains("+") || header.contains("/"), header);
    assertEquals(0, header.length() % 4, "padded");
    JsonObject json = new JsonObject(new String(Base64.getUrlDecoder().decode(header), StandardCharsets.UTF_8));
    assertEquals(new JsonObject().put("username", "ops").put("password", "p>>>w???d:x")
        .put("serveraddress", "127.0.0.1:5000"), json);
    JsonObject token = new JsonObject(new String(Base64.getUrlDecoder().decode(
        RegistryAuth.token("reg", "refresh").header()), StandardCharsets.UTF_8));
    assertEquals(new JsonObject().put("identitytoken", "refresh").put("serveraddress", "reg"), token);
  }

  @Test
  void printedItNamesTheRegistryOnly() {
    String printed = RegistryAuth.password("reg", "ops", "hunter2").toString() + RegistryAuth.token("reg", "tok9");
    assertTrue(printed.contains("reg"));
    assertFalse(printed.contains("hunter2") || printed.contains("tok9") || printed.contains("ops"));
  }
}
