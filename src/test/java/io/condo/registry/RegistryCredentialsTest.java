package io.condo.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file read afresh when it changed; a helper's answer kept, and dropped once refused. */
class RegistryCredentialsTest {

  @TempDir
  Path dir;

  final List<String> asked = new ArrayList<>();

  /** Answers with a new password each time, so a test sees whether it was asked again. */
  final CredentialHelper counting = new CredentialHelper(null) {
    @Override
    public RegistryAuth get(String helper, String registry) {
      asked.add(helper + " " + registry);
      return RegistryAuth.password(registry, "ops", "pw" + asked.size());
    }
  };

  RegistryCredentials credentials() {
    return new RegistryCredentials(dir.resolve("config.json"), counting);
  }

  void write(String json) throws IOException {
    Files.writeString(dir.resolve("config.json"), json);
  }

  @Test
  void noFileMeansNoCredentialsAndAFileWrittenLaterIsRead() throws IOException {
    RegistryCredentials credentials = credentials();
    assertEquals(Optional.empty(), credentials.forImage("reg:5000/app:1").auth());
    write("{\"auths\": {\"reg:5000\": {\"auth\": \"" + DockerClientConfigTest.auth("u:p") + "\"}}}");
    assertEquals("u", credentials.forImage("reg:5000/app:1").auth().orElseThrow().username());
    assertNull(credentials.problem());
  }

  @Test
  void aHelpersAnswerIsKeptUntilTheRegistryRefusesItOrTheFileChanges() throws IOException {
    write("{\"credsStore\": \"pass\"}");
    RegistryCredentials credentials = credentials();
    RegistryCredentials.Lookup first = credentials.forImage("reg:5000/app:1");
    assertFalse(first.cached());
    RegistryCredentials.Lookup again = credentials.forImage("reg:5000/other:2");
    assertTrue(again.cached());
    assertEquals(first.auth(), again.auth());
    credentials.refused("reg:5000/app:1");
    assertEquals("pw2", credentials.forImage("reg:5000/app:1").auth().orElseThrow().password());
    write("{\"credsStore\": \"pass\" }");
    assertEquals("pw3", credentials.forImage("reg:5000/app:1").auth().orElseThrow().password());
    assertEquals(List.of("pass reg:5000", "pass reg:5000", "pass reg:5000"), asked);
  }

  @Test
  void aBrokenFileIsReportedAndTakenAsEmptyUntilFixed() throws IOException {
    write("{\"auths\": ");
    RegistryCredentials credentials = credentials();
    assertEquals(Optional.empty(), credentials.forImage("reg/app").auth());
    assertTrue(credentials.problem().contains("is not valid JSON"), credentials.problem());
    write("{}");
    assertNull(credentials.problem());
  }
}
