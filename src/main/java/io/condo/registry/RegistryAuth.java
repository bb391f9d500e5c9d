package io.condo.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Credentials for one registry, as the Engine API takes them in {@code X-Registry-Auth}: a user
 * and password, or an identity token (OAuth refresh token). Never printed: {@link #toString()}
 * names the registry only.
 */
public record RegistryAuth(String serverAddress, String username, String password, String identityToken) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public static RegistryAuth password(String serverAddress, String username, String password) {
    return new RegistryAuth(serverAddress, username, password, null);
  }

  public static RegistryAuth token(String serverAddress, String identityToken) {
    return new RegistryAuth(serverAddress, null, null, identityToken);
  }

  /**
   * The header's value: the JSON in URL-safe base64 with padding. The daemon silently ignores
   * the standard alphabet, unpadded text or the config file's raw {@code auth} field, and then
   * pulls as nobody.
   */
  public String header() {
    ObjectNode body = JSON.createObjectNode();
    if (identityToken != null) {
      body.put("identitytoken", identityToken);
    } else {
      body.put("username", username).put("password", password);
    }
    body.put("serveraddress", serverAddress);
    return Base64.getUrlEncoder().encodeToString(body.toString().getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "credentials for " + serverAddress;
  }
}
