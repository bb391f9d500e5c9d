package io.condo.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.condo.registry.DockerClientConfig.Helper;
import io.condo.registry.DockerClientConfig.Invalid;
import io.condo.registry.DockerClientConfig.None;
import io.condo.registry.DockerClientConfig.Stored;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Where the docker CLI would find a registry's credentials in a config.json, and what they are. */
class DockerClientConfigTest {

  static final String FILE = "/home/ops/.docker/config.json";

  static String auth(String userColonPassword) {
    return Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
  }

  static DockerClientConfig.Source source(String json, String registry) {
    return DockerClientConfig.parse(FILE, json).sourceFor(registry);
  }

  @Test
  void aHelperForTheHostWinsOverTheStoreWhichWinsOverAuths() {
    String json = "{\"credHelpers\": {\"reg:5000\": \"pass\"}, \"credsStore\": \"secretservice\","
        + " \"auths\": {\"reg:5000\": {\"auth\": \"" + auth("u:p") + "\"}, \"other:5000\": {\"auth\": \""
        + auth("u:p") + "\"}}}";
    assertEquals("pass", ((Helper) source(json, "reg:5000")).name());
    assertEquals("secretservice", ((Helper) source(json, "other:5000")).name());
    assertEquals(RegistryAuth.password("other:5000", "u", "p"),
        ((Stored) source("{\"auths\": {\"other:5000\": {\"auth\": \"" + auth("u:p") + "\"}}}", "other:5000")).auth());
  }

  @Test
  void theExactKeyComesFirstThenAnyKeyOfTheSameHostWhateverItsSchemeAndPath() {
    String json = "{\"auths\": {\"https://reg:5000/v2/\": {\"auth\": \"" + auth("loose:1") + "\"},"
        + " \"reg:5000\": {\"auth\": \"" + auth("exact:2") + "\"},"
        + " \"http://mirror.example/v1/\": {\"auth\": \"" + auth("mirror:3") + "\"}}}";
    assertEquals("exact", ((Stored) source(json, "reg:5000")).auth().username());
    assertEquals("mirror", ((Stored) source(json, "mirror.example")).auth().username());
    assertEquals(new None(), source(json, "reg:5001"));
  }

  @Test
  void theAuthIsSplitAtTheFirstColonOnly() {
    RegistryAuth auth = ((Stored) source("{\"auths\": {\"reg\": {\"auth\": \"" + auth("ops:pa:ss:word") + "\"}}}",
        "reg")).auth();
    assertEquals("ops", auth.username());
    assertEquals("pa:ss:word", auth.password());
  }

  @Test
  void anIdentityTokenIsUsedAsSuch() {
    RegistryAuth auth = ((Stored) source("{\"auths\": {\"reg\": {\"auth\": \"" + auth("<token>:") + "\","
        + " \"identitytoken\": \"refresh-xyz\"}}}", "reg")).auth();
    assertEquals(RegistryAuth.token("reg", "refresh-xyz"), auth);
  }

  @Test
  void dockerHubImagesUseTheIndexKey() {
    String json = "{\"auths\": {\"https://index.docker.io/v1/\": {\"auth\": \"" + auth("hub:pw") + "\"}}}";
    for (String image : new String[] {"busybox", "library/redis:7", "team/app:1", "docker.io/team/app",
        "index.docker.io/team/app"}) {
      assertEquals("hub", ((Stored) source(json, RegistryHost.of(image))).auth().username(), image);
    }
    assertEquals("127.0.0.1:5000", RegistryHost.of("127.0.0.1:5000/app:1"));
    assertEquals("localhost", RegistryHost.of("localhost/app"));
    assertEquals("registry.example.com", RegistryHost.of("registry.example.com/team/app@sha256:abc"));
  }

  @Test
  void oneBadEntrySpoilsOnlyItsOwnRegistryAndItsMessageHoldsNoValue() {
    String json = "{\"auths\": {\"bad\": {\"auth\": \"!!not-base64-s3cret\"}, \"nocolon\": {\"auth\": \""
        + auth("justauser") + "\"}, \"good\": {\"auth\": \"" + auth("u:p") + "\"}}}";
    Invalid bad = (Invalid) source(json, "bad");
    assertEquals("the auths entry bad in " + FILE + " has an auth that is not base64", bad.problem());
    assertFalse(bad.problem().contains("s3cret"));
    assertEquals("the auths entry nocolon in " + FILE + " has an auth that is not user:password",
        ((Invalid) source(json, "nocolon")).problem());
    assertEquals("u", ((Stored) source(json, "good")).auth().username());
  }

  @Test
  void aHelperNameIsAProgramNameNeverAPath() {
    assertTrue(source("{\"credsStore\": \"../../bin/sh\"}", "reg") instanceof Invalid);
    assertTrue(source("{\"credHelpers\": {\"reg\": \"/tmp/x\"}}", "reg") instanceof Invalid);
  }

  @Test
  void aFileThatIsNotJsonIsNamedWithWhereItBreaksNotWhatItHolds() {
    CredentialsException e = assertThrows(CredentialsException.class,
        () -> DockerClientConfig.parse(FILE, "{\"auths\": {\"reg\": {\"auth\": \"c2VjcmV0\"\n}"));
    assertTrue(e.getMessage().startsWith(FILE + " is not valid JSON (line 2"), e.getMessage());
    assertFalse(e.getMessage().contains("c2VjcmV0"));
  }
}
