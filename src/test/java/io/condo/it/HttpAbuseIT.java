package io.condo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad and hostile requests to every endpoint: 4xx with a message, never a 500, still serving. */
class HttpAbuseIT extends CondoTestBase {

  @Test
  void hostileRequestsGetAClearRefusalAndTheServerKeepsServing() throws Exception {
    CondoProcess condo = condo(prefix("specs")).start();
    List<String> endpoints = List.of("/v1/state", "/v1/global_state", "/v1/wait_for?name=x&timeout=1ms");
    for (String endpoint : endpoints) {
      for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS")) {
        expectRefusal(condo.request(method, endpoint), 405, method + " " + endpoint);
      }
    }
    for (String path : List.of("/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc%2fpasswd",
        "/v1/../../pom.xml", "/webroot/../README.md", "/v1/state/../../../etc/shadow", "/%00", "/v2/state")) {
      HttpResponse<String> response = condo.get(path);
      assertTrue(response.statusCode() >= 400 && response.statusCode() < 500, path + " → " + response.statusCode());
      assertFalse(response.body().contains("root:"), path + " leaked a file");
    }
    for (String query : List.of("?name=x&timeout=-1", "?name=x&timeout=1e9", "?name=x&timeout=%20",
        "?name=x&timeout=99999999999999999999", "?name=x&name=y&timeout=1ms&timeout=soon", "?name=x&image=",
        "?timeout=1s")) {
      HttpResponse<String> response = condo.get("/v1/wait_for" + query);
      assertTrue(response.statusCode() == 400 || response.statusCode() == 500 && isTimeout(response),
          query + " → " + response.statusCode() + " " + response.body());
    }
    expectRefusal(condo.get("/v1/global_state?source=../../etc"), 400, "odd source");
    expectRefusal(condo.get("/v1/state?x=" + "a".repeat(20_000)), 414, "a 20 kB query string");
    expectRefusal(condo.get("/v1/wait_for?timeout=1ms&name=" + "n".repeat(3_000)), 400, "a 3000-character name");
    expectRefusal(condo.get("/v1/wait_for?name=%00"), 400, "a NUL name");
    expectRefusal(condo.get("/v1/wait_for?name=..%2Fetc&timeout=1ms"), 400, "a path as name");

    assertEquals(200, condo.get("/v1/state").statusCode(), "still serving");
  }

  private static boolean isTimeout(HttpResponse<String> response) {
    return "timeout".equals(new JsonObject(response.body()).getString("status"));
  }

  private static void expectRefusal(HttpResponse<String> response, int status, String what) {
    assertEquals(status, response.statusCode(), what);
    assertTrue(new JsonObject(response.body()).getString("error") != null, what + " names the reason");
  }
}
