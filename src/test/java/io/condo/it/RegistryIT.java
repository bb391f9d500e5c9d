package io.condo.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.condo.it.harness.CondoProcess;
import io.condo.registry.RegistryAuth;
import io.condo.it.harness.CondoTestBase;
import io.condo.it.harness.PassStore;
import io.condo.it.harness.PrivateRegistry;
import io.condo.it.harness.SseClient;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pulls from a real private registry (htpasswd on loopback) with the credentials of a real Docker
 * client config: written in {@code auths}, or kept by the real {@code docker-credential-pass}
 * through {@code credHelpers} and {@code credsStore}. Failures say why, a live fix of the file is
 * used without a restart, and no secret ever shows in what Condo writes or serves.
 */
class RegistryIT extends CondoTestBase {

  static final Duration T = Duration.ofSeconds(60);

  @TempDir
  static Path shared;
  static PrivateRegistry registry;
  static PassStore pass;

  /** Every secret a test used, looked for in everything Condo wrote or served. */
  final List<String> secrets = new ArrayList<>();

  @BeforeAll
  static void startRegistryAndPasswordStore() throws IOException {
    registry = PrivateRegistry.start(shared.resolve("registry"));
    pass = PassStore.create(shared.resolve("pass"));
  }

  @AfterAll
  static void stop() {
    if (registry != null) {
      registry.close();
    }
    if (pass != null) {
      pass.close();
    }
  }

  Path dockerConfig(String json) throws IOException {
    Path folder = Files.createDirectories(dir.resolve("docker-config"));
    Files.writeString(folder.resolve("config.json.tmp"), json);
    return Files.move(folder.resolve("config.json.tmp"), folder.resolve("config.json"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** The password, the config's auth value and the header a pull sends with them. */
  void used(String user, String password) {
    secrets.add(password);
    secrets.add(registry.auth(user, password));
    secrets.add(RegistryAuth.password(registry.host(), user, password).header());
  }

  String auths(String user, String password) {
    String auth = registry.auth(user, password);
    used(user, password);
    return "{\"auths\": {\"" + registry.host() + "\": {\"auth\": \"" + auth + "\"}}}";
  }

  CondoProcess condoWith(Path config, Path specs) throws IOException {
    Map<String, String> env = new HashMap<>(pass.env());
    env.put("DOCKER_CONFIG", config.getParent().toString());
    return condo(env, List.of(), specs).start();
  }

  @Test
  void anAuthsEntryPullsAPrivateImage() throws Exception {
    String image = registry.push(GOOD_1, unique("private/auths"));
    Path config = dockerConfig(auths(PrivateRegistry.USER, registry.password));
    Path specs = prefix("specs");
    String service = unique("auths");
    writeSpec(specs, service, spec(image, "[:Before]"));
    CondoProcess condo = condoWith(config, specs);
    condo.awaitStableOn(service, image, T);
    assertNoSecretIn(condo, null);
  }

  @Test
  void credHelpersAndCredsStoreAskTheRealPassHelper() throws Exception {
    String stale = "stale-" + registry.password;
    pass.store(registry.host(), PrivateRegistry.USER, stale);
    used(PrivateRegistry.USER, stale);
    used(PrivateRegistry.USER, registry.password);
    String viaHelper = registry.push(GOOD_1, unique("private/helper"));
    Path config = dockerConfig("{\"credHelpers\": {\"" + registry.host() + "\": \"pass\"}}");
    Path specs = prefix("specs");
    String helped = unique("helper");
    writeSpec(specs, helped, spec(viaHelper, "[:Before]"));
    CondoProcess condo = condoWith(config, specs);
    awaitError(condo, helped, "unauthorized: authentication required");
    // The helper's answer is kept for minutes, but one the registry refused is asked for again:
    // the password changed in the store (config.json did not) deploys at the next retry.
    pass.store(registry.host(), PrivateRegistry.USER, registry.password);
    condo.awaitStableOn(helped, viaHelper, T);

    String viaStore = registry.push(GOOD_2, unique("private/store"));
    dockerConfig("{\"credsStore\": \"pass\"}");
    String stored = unique("store");
    writeSpec(specs, stored, spec(viaStore, "[:Before]"));
    condo.awaitStableOn(stored, viaStore, T);
    assertNoSecretIn(condo, null);
  }

  @Test
  void aHelperSeesCondosEnvironmentWithoutItsSettingsAndSecrets() throws Exception {
    String image = registry.push(GOOD_1, unique("private/env"));
    Path bin = Files.createDirectories(dir.resolve("helper-bin"));
    Path seen = dir.resolve("helper-saw.env");
    Path helper = Files.writeString(bin.resolve("docker-credential-envdump"), "#!/bin/sh\nenv > " + seen + "\n"
        + "echo '{\"Username\":\"" + PrivateRegistry.USER + "\",\"Secret\":\"" + registry.password + "\"}'\n");
    Files.setPosixFilePermissions(helper, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    used(PrivateRegistry.USER, registry.password);
    Path config = dockerConfig("{\"credHelpers\": {\"" + registry.host() + "\": \"envdump\"}}");
    Path specs = prefix("specs");
    String service = unique("env");
    writeSpec(specs, service, spec(image, "[:Before]"));
    Map<String, String> env = new HashMap<>();
    env.put("DOCKER_CONFIG", config.getParent().toString());
    env.put("PATH", bin + ":" + System.getenv("PATH"));
    env.put("CONDO_CONSUL_TOKEN", "consul-token-" + unique("t"));
    env.put("CONDO_CLUSTER_SECRET_UNUSED", "cluster-secret-" + unique("s"));
    CondoProcess condo = condo(env, List.of(), specs).start();
    condo.awaitStableOn(service, image, T);
    String environment = Files.readString(seen);
    assertTrue(environment.contains("PATH="), environment);
    assertFalse(environment.contains("CONDO_") || environment.contains("consul-token-")
        || environment.contains("cluster-secret-"), environment);
    assertNoSecretIn(condo, null);
  }

  @Test
  void failuresSayWhyAndALiveFixOfTheFileDeploysWithoutARestart() throws Exception {
    String image = registry.push(GOOD_1, unique("private/fix"));
    Path config = dockerConfig("{\"credHelpers\": {\"" + registry.host() + "\": \"ecr-login\"}}");
    Path specs = prefix("specs");
    String service = unique("fix");
    CondoProcess condo = condoWith(config, specs);
    try (SseClient events = SseClient.open(condo.url() + "/v1/events?service=" + service, Map.of())) {
      writeSpec(specs, service, spec(image, "[:Before]"));
      awaitError(condo, service, "docker-credential-ecr-login not found");

      dockerConfig("{}");
      awaitError(condo, service, "no credentials for " + registry.host());

      dockerConfig(auths(PrivateRegistry.USER, "wrong:" + registry.password));
      awaitError(condo, service, "unauthorized: authentication required");

      // Far enough into the back-off that a retry now can only be the file's change.
      Instant retryAt = Instant.parse(condo.awaitService(service, "a retry 5 s away or more", T,
          s -> s.getString("retry_at") != null
              && Instant.parse(s.getString("retry_at")).isAfter(Instant.now().plusSeconds(5))).getString("retry_at"));
      long pid = condo.pid();
      dockerConfig(auths(PrivateRegistry.USER, registry.password));
      JsonObject fixed = condo.awaitStableOn(service, image, T);
      assertEquals(pid, condo.pid(), "the same Condo, not restarted");
      Instant triedAgain = Instant.parse(fixed.getJsonObject("current").getString("created_at"));
      assertTrue(triedAgain.isBefore(retryAt.minusSeconds(3)),
          "retried when the file changed (" + triedAgain + "), not at the end of its back-off (" + retryAt + ")");
      assertNoSecretIn(condo, events);
    }
  }

  private static void awaitError(CondoProcess condo, String service, String expected) {
    condo.awaitService(service, "an error saying " + expected, T,
        s -> String.valueOf(s.getString("error")).contains(expected));
  }

  /** Logs, /v1/state, /v1/global_state, /metrics, and the event stream when one was open. */
  private void assertNoSecretIn(CondoProcess condo, SseClient events) {
    Map<String, String> seen = new HashMap<>();
    seen.put("log", condo.logText());
    seen.put("/v1/state", condo.get("/v1/state").body());
    seen.put("/v1/global_state", condo.get("/v1/global_state").body());
    seen.put("/metrics", condo.get("/metrics").body());
    if (events != null) {
      seen.put("/v1/events", events.received());
      assertFalse(events.received().isEmpty(), "the stream saw the transitions");
    }
    assertFalse(secrets.isEmpty());
    seen.forEach((where, text) -> secrets.forEach(secret ->
        assertFalse(text.contains(secret), where + " shows a secret")));
    assertTrue(new JsonObject(seen.get("/v1/state")).containsKey("services"));
  }
}
