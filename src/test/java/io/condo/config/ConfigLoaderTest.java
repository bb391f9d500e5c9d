package io.condo.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @TempDir
  Path dir;

  static Map<Setting, String> none() {
    return Map.of();
  }

  @Test
  void defaultsAreThoseOfTheImage() {
    CondoConfig config = new ConfigLoader(none(), Map.of()).load();
    assertEquals(List.of(Path.of("/var/lib/condo")), config.prefixes());
    assertEquals(Path.of("/var/lib/condo/state"), config.state());
    assertEquals(80, config.httpPort());
    assertEquals("0.0.0.0", config.httpHost());
    assertFalse(config.stopContainersOnExit());
    assertEquals(Duration.ofSeconds(2), config.rescan());
  }

  @Test
  void commandLineBeatsEnvironmentBeatsFileBeatsDefaults() throws Exception {
    Path file = Files.writeString(dir.resolve("condo.json"),
        "{\"httpPort\": 81, \"httpHost\": \"10.0.0.1\", \"state\": \"/from/file\", \"host\": \"file-host\","
            + " \"rescanSeconds\": 5}");
    Map<String, String> env = Map.of("CONDO_CONFIG", file.toString(), "CONDO_HTTP_PORT", "82",
        "CONDO_PREFIXES", "/a,/b", "CONDO_HOST", "env-host", "CONDO_STOP_CONTAINERS_ON_EXIT", "true");
    Map<Setting, String> cli = Map.of(Setting.STATE, "/from/cli");
    CondoConfig config = new ConfigLoader(cli, env).load();
    assertEquals(Path.of("/from/cli"), config.state());
    assertEquals(82, config.httpPort());
    assertEquals("10.0.0.1", config.httpHost());
    assertEquals("env-host", config.host());
    assertEquals(List.of(Path.of("/a"), Path.of("/b")), config.prefixes());
    assertTrue(config.stopContainersOnExit());
    assertEquals(Duration.ofSeconds(5), config.rescan());
  }

  @Test
  void badValuesNameTheirSource() throws Exception {
    IllegalArgumentException port = assertThrows(IllegalArgumentException.class,
        () -> new ConfigLoader(none(), Map.of("CONDO_HTTP_PORT", "eighty")).load());
    assertEquals("CONDO_HTTP_PORT=eighty is not a whole number", port.getMessage());
    IllegalArgumentException given = assertThrows(IllegalArgumentException.class,
        () -> new ConfigLoader(Map.of(Setting.HTTP_PORT, "eighty"), Map.of()).load());
    assertEquals("--http-port=eighty is not a whole number", given.getMessage());
    Path wrong = Files.writeString(dir.resolve("wrong.json"), "{\"httpPort\": \"eighty\"}");
    IllegalArgumentException inFile = assertThrows(IllegalArgumentException.class,
        () -> new ConfigLoader(none(), Map.of("CONDO_CONFIG", wrong.toString())).load());
    assertEquals("httpPort in " + wrong + "=eighty is not a whole number", inFile.getMessage());
    Path broken = Files.writeString(dir.resolve("broken.json"), "{\"httpPort\": ");
    IllegalArgumentException file = assertThrows(IllegalArgumentException.class,
        () -> new ConfigLoader(none(), Map.of("CONDO_CONFIG", broken.toString())).load());
    assertTrue(file.getMessage().startsWith("configuration file " + broken + ": not a JSON object"),
        file.getMessage());
  }

  @Test
  void aGuessableClusterSecretIsRefusedSayingHowToMakeAGoodOne() {
    Map<Setting, String> clustered = Map.of(Setting.CLUSTER_NAME, "prod", Setting.CLUSTER_HOST, "127.0.0.1");
    IllegalArgumentException weak = assertThrows(IllegalArgumentException.class,
        () -> new ConfigLoader(clustered, Map.of("CONDO_CLUSTER_SECRET", "prod-secret-2026")).load());
    assertTrue(weak.getMessage().startsWith("the cluster secret is too weak: it has 16 characters"), weak.getMessage());
    assertTrue(weak.getMessage().contains("`condo secret`"), weak.getMessage());
    assertFalse(weak.getMessage().contains("prod-secret-2026"), "never repeats the secret");
    String strong = "Xq7v2Lr9Tm4Pz8Kw1Nb6Hc3J";
    assertEquals(strong, new ConfigLoader(clustered, Map.of("CONDO_CLUSTER_SECRET", strong)).load().cluster().secret());
  }

  @Test
  void webhooksComeOnePerLineFromTheCommandLineAndCommaSeparatedFromTheEnvironment() {
    var fromCli = new ConfigLoader(Map.of(Setting.WEBHOOKS, "http://a.example/hook\nhttps://b.example:8443/x?t=1"),
        Map.of("CONDO_WEBHOOK_SECRET", "s3cret")).load().webhooks();
    assertEquals(List.of("http://a.example:80", "https://b.example:8443"),
        fromCli.receivers().stream().map(r -> r.shown()).toList());
    assertEquals("s3cret", new String(fromCli.secret(), java.nio.charset.StandardCharsets.UTF_8));
    var fromEnv = new ConfigLoader(none(), Map.of("CONDO_WEBHOOKS", "http://a.example/1, http://a.example/1,http://c/2"))
        .load().webhooks();
    assertEquals(2, fromEnv.receivers().size(), "one receiver per URL, a repeat counted once");
    assertEquals(null, fromEnv.secret(), "unsigned without a secret");
    assertFalse(new ConfigLoader(none(), Map.of()).load().webhooks().any());
  }

  @Test
  void aWebhookThatIsNotHttpIsRefusedByItsPlaceNeverQuoted() {
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> new ConfigLoader(none(),
        Map.of("CONDO_WEBHOOKS", "https://hooks.example/T0K3N,file:///etc/T0K3N")).load());
    assertEquals("CONDO_WEBHOOKS: URL 2 of 2: only http and https URLs are accepted", bad.getMessage());
    IllegalArgumentException noHost = assertThrows(IllegalArgumentException.class, () -> new ConfigLoader(
        Map.of(Setting.WEBHOOKS, "http:///T0K3N"), Map.of()).load());
    assertFalse(noHost.getMessage().contains("T0K3N"), noHost.getMessage());
  }
}
