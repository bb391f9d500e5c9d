package io.condo.it.faults;

import io.condo.it.harness.CondoProcess;
import io.condo.it.harness.Lab;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;

/** Bad and hostile requests to every endpoint: 4xx with a message, never a 500, still serving. */
public final class HttpAbuseFault implements FaultScenario {

  @Override
  public String name() {
    return "HTTP abuse";
  }

  @Override
  public String injected() {
    return "wrong methods, path traversal, odd, hostile and huge parameters on every endpoint";
  }

  @Override
  public Ledger run(Lab lab) throws Exception {
    Ledger ledger = new Ledger(name());
    CondoProcess condo = lab.condo(lab.dir("abuse-specs")).start();
    List<String> endpoints = List.of("/v1/state", "/v1/global_state", "/v1/wait_for?name=x&timeout=1ms");
    for (String endpoint : endpoints) {
      for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS")) {
        expectRefusal(ledger, condo.request(method, endpoint), 405, method + " " + endpoint);
      }
    }
    for (String path : List.of("/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc%2fpasswd",
        "/v1/../../pom.xml", "/webroot/../README.md", "/v1/state/../../../etc/shadow", "/%00", "/v2/state")) {
      HttpResponse<String> response = condo.get(path);
      ledger.fault();
      ledger.check(response.statusCode() >= 400 && response.statusCode() < 500, path + " → " + response.statusCode());
      ledger.check(!response.body().contains("root:"), path + " leaked a file");
    }
    for (String query : List.of("?name=x&timeout=-1", "?name=x&timeout=1e9", "?name=x&timeout=%20",
        "?name=x&timeout=99999999999999999999", "?name=x&name=y&timeout=1ms&timeout=soon", "?name=x&image=",
        "?timeout=1s")) {
      HttpResponse<String> response = condo.get("/v1/wait_for" + query);
      ledger.fault();
      ledger.check(response.statusCode() == 400 || response.statusCode() == 500 && isTimeout(response),
          query + " → " + response.statusCode() + " " + response.body());
    }
    expectRefusal(ledger, condo.get("/v1/global_state?source=../../etc"), 400, "odd source");
    expectRefusal(ledger, condo.get("/v1/state?x=" + "a".repeat(20_000)), 414, "a 20 kB query string");
    expectRefusal(ledger, condo.get("/v1/wait_for?timeout=1ms&name=" + "n".repeat(3_000)), 400, "a 3000-character name");
    expectRefusal(ledger, condo.get("/v1/wait_for?name=%00"), 400, "a NUL name");
    expectRefusal(ledger, condo.get("/v1/wait_for?name=..%2Fetc&timeout=1ms"), 400, "a path as name");

    ledger.checkEquals(200, condo.get("/v1/state").statusCode(), "still serving");
    lab.discard(condo);
    return ledger;
  }

  private static boolean isTimeout(HttpResponse<String> response) {
    return "timeout".equals(new JsonObject(response.body()).getString("status"));
  }

  private static void expectRefusal(Ledger ledger, HttpResponse<String> response, int status, String what) {
    ledger.fault();
    ledger.checkEquals(status, response.statusCode(), what);
    String error;
    try {
      error = new JsonObject(response.body()).getString("error");
    } catch (RuntimeException notJson) {
      error = null;
    }
    ledger.check(error != null, what + " names the reason in JSON: " + response.body());
  }
}
