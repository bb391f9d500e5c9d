package io.condo.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The helper protocol against small programs on a PATH of the test's own (the real
 * docker-credential-pass is in RegistryIT): the registry on stdin, JSON out, found on PATH.
 */
class CredentialHelperTest {

  @TempDir
  Path bin;

  CredentialHelper helpers() {
    return new CredentialHelper("/nonexistent:" + bin);
  }

  void program(String name, String script) throws IOException {
    Path file = Files.writeString(bin.resolve("docker-credential-" + name), "#!/bin/sh\n" + script);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  void theRegistryGoesInOnStdinAndTheAnswerComesBackAsCredentials() throws IOException {
    program("echoing", "read server; [ \"$1\" = get ] || exit 3\n"
        + "echo \"{\\\"ServerURL\\\":\\\"$server\\\",\\\"Username\\\":\\\"ops-$server\\\",\\\"Secret\\\":\\\"pw\\\"}\"\n");
    assertEquals(RegistryAuth.password("reg:5000", "ops-reg:5000", "pw"), helpers().get("echoing", "reg:5000"));
  }

  @Test
  void aTokenUserMeansAnIdentityToken() throws IOException {
    program("token", "echo '{\"ServerURL\":\"r\",\"Username\":\"<token>\",\"Secret\":\"refresh\"}'\n");
    assertEquals(RegistryAuth.token("r", "refresh"), helpers().get("token", "r"));
  }

  @Test
  void credentialsNotFoundMeansNone() throws IOException {
    program("empty", "echo 'credentials not found in native keychain'; exit 1\n");
    assertNull(helpers().get("empty", "r"));
  }

  @Test
  void aMissingHelperAndAFailingOneSaySoAndNeverEchoASecret() throws IOException {
    assertEquals("docker-credential-ecr-login not found",
        assertThrows(CredentialsException.class, () -> helpers().get("ecr-login", "r")).getMessage());
    program("broken", "echo '{\"Secret\":\"hunter2\"}'; echo 'hunter2' >&2; exit 2\n");
    assertEquals("docker-credential-broken get failed (exit 2)",
        assertThrows(CredentialsException.class, () -> helpers().get("broken", "r")).getMessage());
    program("nosecret", "echo '{\"Username\":\"u\",\"Secret\":\"\"}'\n");
    assertTrue(assertThrows(CredentialsException.class, () -> helpers().get("nosecret", "r")).getMessage()
        .contains("without a Secret"));
  }

  @Test
  void aHelperSeesCondosEnvironmentWithoutAnyCondoVariable() throws Exception {
    ProcessBuilder helper = new ProcessBuilder("/usr/bin/env");
    helper.environment().put("CONDO_CONSUL_TOKEN", "hunter2");
    helper.environment().put("CONDO_CLUSTER_SECRET", "hunter3");
    helper.environment().put("KEPT", "yes");
    Process process = CredentialHelper.withoutCondoVariables(helper).start();
    String seen = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor());
    assertTrue(seen.contains("KEPT=yes"), seen);
    assertTrue(seen.contains("PATH="), seen);
    assertFalse(seen.contains("CONDO_") || seen.contains("hunter"), seen);
  }

  @Test
  void aHelperThatNeverAnswersIsGivenUpOnAtTheDeadline() throws IOException {
    program("silent", "exec sleep 30\n");
    long start = System.nanoTime();
    CredentialsException e = assertThrows(CredentialsException.class,
        () -> new CredentialHelper(bin.toString(), java.time.Duration.ofSeconds(1)).get("silent", "r"));
    assertEquals("docker-credential-silent get did not answer within 1 s", e.getMessage());
    assertTrue(System.nanoTime() - start < java.time.Duration.ofSeconds(10).toNanos(), "it did not wait for it");
  }
}
