package io.condo.it;

import io.condo.it.harness.CondoProcess;
import io.condo.it.harness.CondoTestBase;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The HTTP API's contract and the command line, on the packaged jar. */
class HttpAndCliIT extends CondoTestBase {

  @Test
  void stateHasTheDocumentedShapeAndOtherMethodsAre405() throws Exception {
    Path specs = prefix("specs");
    String web = unique("web");
    writeSpec(specs, web, spec(GOOD_1, "[:Before]"));
    CondoProcess condo = condo(specs).start();
    condo.awaitState(web, "Stable", Duration.ofSeconds(40));

    HttpResponse<String> response = condo.get("/v1/state");
    assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
    JsonObject state = new JsonObject(response.body());
    assertEquals(Set.of("instance", "host", "self", "services"), state.fieldNames());
    assertEquals("it-host", state.getString("host"));
    // A Condo run as a process: no image, started by hand, nothing to report.
    assertEquals(new JsonObject().put("image", null).put("started_from", null).put("state", "running")
        .put("error", null).put("roll", null), state.getJsonObject("self"));
    JsonObject service = state.getJsonObject("services").getJsonObject(web);
    assertTrue(service.fieldNames().containsAll(Set.of("state", "current", "next", "retry_at", "error", "file")));
    assertTrue(service.getJsonObject("current").fieldNames()
        .containsAll(Set.of("id", "name", "image", "created_at", "stable_at")));

    for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
      HttpResponse<String> refused = condo.request(method, "/v1/state");
      assertEquals(405, refused.statusCode(), method);
      assertEquals("method not allowed", new JsonObject(refused.body()).getString("error"));
    }
    HttpResponse<String> unknown = condo.get("/v1/nothing-here");
    assertEquals(404, unknown.statusCode());
    assertEquals("not found", new JsonObject(unknown.body()).getString("error"));
    assertEquals(200, condo.get("/").statusCode(), "the status page");

    JsonObject global = new JsonObject(condo.get("/v1/global_state").body());
    assertEquals(1, global.getJsonArray("instances").size(), "alone, the fleet is this instance");
    assertEquals(state.getJsonObject("services"),
        global.getJsonArray("instances").getJsonObject(0).getJsonObject("services"));
    HttpResponse<String> done = condo.get("/v1/wait_for?name=" + web + "&image=" + GOOD_1 + "&timeout=5");
    assertEquals(200, done.statusCode(), done.body());
  }

  @Test
  void waitForRejectsBadParameters() throws Exception {
    CondoProcess condo = condo(prefix("specs")).start();
    for (String query : List.of("", "?image=x", "?name=", "?name=a&timeout=soon", "?name=a&timeout=0",
        "?name=a&timeout=2h", "?name=a&image=")) {
      HttpResponse<String> response = condo.get("/v1/wait_for" + query);
      assertEquals(400, response.statusCode(), query);
      String error = new JsonObject(response.body()).getString("error");
      assertTrue(error.startsWith("name") || error.startsWith("timeout") || error.startsWith("image"), error);
    }
    HttpResponse<String> nobody = condo.get("/v1/wait_for?name=nobody&timeout=100ms");
    assertEquals(500, nobody.statusCode());
    assertEquals("no live instance has the service nobody", new JsonObject(nobody.body()).getString("message"));
  }

  @Test
  void helpVersionAndBadOptions() throws Exception {
    Result help = condoCli("--help");
    assertEquals(0, help.exit);
    for (String option : List.of("--state", "--http-port", "--http-host", "--host", "--stop-containers-on-exit",
        "--config", "--version", "PREFIX")) {
      assertTrue(help.output.contains(option), option + " in:\n" + help.output);
    }
    Result version = condoCli("--version");
    assertEquals(0, version.exit);
    assertTrue(version.output.matches("condo \\d+\\.\\d+\\.\\d+\\s*"), version.output);
    Result bad = condoCli("--http-port", "eighty");
    assertEquals(2, bad.exit);
    assertTrue(bad.output.contains("--http-port"), bad.output);
  }

  @Test
  void secretPrintsANewRandom256BitSecretEachTime() throws Exception {
    Result first = condoCli("secret");
    Result second = condoCli("secret");
    assertEquals(0, first.exit);
    String secret = first.output.trim();
    assertTrue(secret.matches("[A-Za-z0-9_-]{43}"), "256 bits in base64url: " + secret);
    assertEquals(32, java.util.Base64.getUrlDecoder().decode(secret).length);
    assertTrue(!secret.equals(second.output.trim()), "a new one each time");
    assertTrue(io.condo.fleet.SecretStrength.weakness(secret, "condo").isEmpty(), "and Condo accepts it");
  }

  record Result(int exit, String output) {
  }

  static Result condoCli(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-jar", System.getProperty("condo.jar", "target/condo.jar")));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    return new Result(process.waitFor(), output);
  }
}
