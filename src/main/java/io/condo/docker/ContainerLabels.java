package io.condo.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.condo.spec.ServiceSpec;

/**
 * The labels that mark a container as Condo's. Everything Condo adopts or removes is found by
 * {@link #INSTANCE}, so two Condos on one daemon never touch each other's containers.
 */
public final class ContainerLabels {

  public static final String INSTANCE = "condo.instance";
  public static final String SERVICE = "condo.service";
  public static final String KEY = "condo.key";
  public static final String SPEC_HASH = "condo.spec-hash";

  private ContainerLabels() {
  }

  public static String instanceFilter(String instanceId) {
    return INSTANCE + "=" + instanceId;
  }

  public static String keyFilter(String key) {
    return KEY + "=" + key;
  }

  /**
   * The body sent to {@code containers/create}: the user's spec as written, with Condo's labels
   * merged into the user's and Condo's own {@code Name} field taken out.
   */
  public static ObjectNode createBody(ServiceSpec spec, String instanceId, String service, String key) {
    ObjectNode body = spec.body(); // a copy: the spec itself never changes
    body.remove("Name");
    JsonNode existing = body.get("Labels");
    ObjectNode labels = existing instanceof ObjectNode object ? object : body.putObject("Labels");
    labels.put(INSTANCE, instanceId);
    labels.put(SERVICE, service);
    labels.put(KEY, key);
    labels.put(SPEC_HASH, spec.bodyHash());
    return body;
  }
}
