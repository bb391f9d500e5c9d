package io.condo.it.faults;

import io.condo.it.harness.CondoProcess;
import io.condo.it.harness.CondoTestBase;
import io.condo.it.harness.DockerProbe;
import io.condo.it.harness.Lab;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A corpus of hostile spec files dropped next to a healthy service: every one is reported with its
 * file and reason, Condo keeps running, and the healthy service is not touched.
 */
public final class BadInputFault implements FaultScenario {

  private static final Duration T = Duration.ofSeconds(40);

  public static final String OK = "{:spec {:Image \"" + Churn.GOOD_1 + "\"}";

  public static Map<String, byte[]> corpus() {
    Map<String, String> text = new LinkedHashMap<>();
    text.put("empty", "");
    text.put("blank", "   \n\t\n");
    text.put("unterminated", "{:spec {:Image \"x\"");
    text.put("closing-only", "}");
    text.put("vector", "[:spec]");
    text.put("string", "\"spec\"");
    text.put("number", "42");
    text.put("nil", "nil");
    text.put("odd-map", "{:spec}");
    text.put("spec-nil", "{:spec nil}");
    text.put("no-image", "{:spec {:Cmd [\"x\"]}}");
    text.put("image-number", "{:spec {:Image 1}}");
    text.put("image-empty", "{:spec {:Image \"\"}}");
    text.put("after-negative", OK + " :deploy [:After -1]}");
    text.put("after-missing", OK + " :deploy [:After]}");
    text.put("after-string", OK + " :deploy [:After \"5\"]}");
    text.put("before-arg", OK + " :deploy [:Before 1]}");
    text.put("deploy-string", OK + " :deploy \"Before\"}");
    text.put("health-zero", OK + " :health-timeout 0}");
    text.put("health-negative", OK + " :health-timeout -5}");
    text.put("health-fraction", OK + " :health-timeout 1.5}");
    text.put("stop-negative", OK + " :stop-timeout -1}");
    text.put("stop-string", OK + " :stop-timeout \"10\"}");
    text.put("underscore-key", OK + " :health_timeout 10}");
    text.put("unknown-key", OK + " :replicas 3}");
    text.put("string-top-key", "{\"spec\" {:Image \"x\"}}");
    text.put("bad-name", "{:spec {:Image \"x\" :Name \"bad name\"}}");
    text.put("name-with-after", "{:spec {:Image \"x\" :Name \"fixed\"} :deploy [:After 1]}");
    text.put("symbol-value", "{:spec {:Image \"x\" :Cmd [rm -rf]}}");
    text.put("number-key", "{:spec {:Image \"x\" 1 2}}");
    text.put("labels-string", "{:spec {:Image \"x\" :Labels \"no\"}}");
    text.put("bad-inst", "{:spec {:Image \"x\" :Env #inst \"not a date\"}}");
    text.put("unknown-tag", "{:spec {:Image \"x\" :Env #evil/tag 1}}");
    text.put("two-maps", OK + "} " + OK + "}");
    text.put("duplicate-key", "{:spec {:Image \"x\" :Image \"y\"}}");
    text.put("infinite", "{:spec {:Image \"x\" :HostConfig {:CpuShares 1e999}}}");
    text.put("bad-escape", "{:spec {:Image \"x\\q\"}}");
    text.put("ratio", "{:spec {:Image \"x\" :CpuShares 1/2}}");
    text.put("deep", "{:spec {:Image \"x\" :Labels " + "[".repeat(50_000) + "]".repeat(50_000) + "}}");
    Map<String, byte[]> files = new LinkedHashMap<>();
    text.forEach((name, body) -> files.put(name, body.getBytes(StandardCharsets.UTF_8)));
    files.put("huge", ("{:spec {:Image \"x\" :Env [\"" + "a".repeat(1_100_000) + "\"]}}")
        .getBytes(StandardCharsets.UTF_8));
    byte[] garbage = new byte[4096];
    new Random(7).nextBytes(garbage);
    files.put("binary", garbage);
    files.put("latin1", "{:spec {:Image \"caf\u00e9\"}}".getBytes(StandardCharsets.ISO_8859_1));
    return files;
  }

  @Override
  public String name() {
    return "bad input corpus";
  }

  @Override
  public String injected() {
    return corpus().size() + " hostile spec files, a symlink loop, garbage self.edn, a directory";
  }

  @Override
  public Ledger run(Lab lab) throws Exception {
    Ledger ledger = new Ledger(name());
    DockerProbe docker = DockerProbe.get();
    Path specs = lab.dir("corpus-specs");
    String healthy = "healthy";
    Files.writeString(specs.resolve(healthy + ".edn"), Churn.spec(Churn.GOOD_1, "[:Before]", 0));
    CondoProcess condo = lab.condo(specs).start();
    String container = CondoTestBase.id(condo.awaitState(healthy, "Stable", T), "current");
    long since = DockerProbe.nowNanos();
    Map<String, byte[]> corpus = corpus();
    for (Map.Entry<String, byte[]> bad : corpus.entrySet()) {
      Files.write(specs.resolve("bad-" + bad.getKey() + ".edn"), bad.getValue());
      ledger.fault();
    }
    Files.createSymbolicLink(specs.resolve("bad-loop-a.edn"), specs.resolve("bad-loop-b.edn"));
    Files.createSymbolicLink(specs.resolve("bad-loop-b.edn"), specs.resolve("bad-loop-a.edn"));
    Files.write(specs.resolve("self.edn"), new byte[] {0, 1, 2, (byte) 0xff});
    Files.createDirectories(specs.resolve("a-directory.edn"));
    for (int i = 0; i < 3; i++) {
      ledger.fault();
    }

    List<String> names = new ArrayList<>(corpus.keySet());
    names.add("loop-a");
    names.add("loop-b");
    for (String name : names) {
      String service = "bad-" + name;
      Path file = specs.resolve(service + ".edn");
      try {
        JsonObject reported = condo.awaitService(service, "reporting an error", T, s -> s.getString("error") != null);
        String error = reported.getString("error");
        ledger.check(error.startsWith(file.toString()) && error.length() > file.toString().length() + 5,
            name + ": the error names the file and a reason: " + error);
        ledger.checkEquals("Init", reported.getString("state"), name + ": state");
      } catch (AssertionError e) {
        ledger.check(false, name + ": no error reported: " + e.getMessage());
      }
      ledger.check(docker.containers("condo.service=" + service).isEmpty(), name + " started nothing");
    }
    ledger.check(condo.isAlive(), "Condo still runs");
    JsonObject state = condo.state().getJsonObject("services");
    ledger.check(!state.containsKey("self") && !state.containsKey("a-directory"),
        "self.edn and a directory are not services: " + state.fieldNames());
    ledger.checkEquals("Stable", state.getJsonObject(healthy).getString("state"), "the healthy service's state");
    ledger.checkEquals(container, CondoTestBase.id(state.getJsonObject(healthy), "current"),
        "the healthy service's container");
    ledger.check(docker.events("condo.service=" + healthy, since).isEmpty(),
        "the healthy service was not touched (Docker events)");
    lab.discard(condo);
    return ledger;
  }
}
