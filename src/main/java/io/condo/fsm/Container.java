package io.condo.fsm;

import io.condo.spec.ServiceSpec;
import java.time.Instant;

/**
 * One container of a service. {@code id} is null between asking Docker to create it and Docker
 * answering. {@code key} is unique per planned container and travels as a label, so that the
 * container is findable before its id is known, and a late answer about an older container with
 * the same fixed {@code :Name} is never mistaken for this one.
 */
public record Container(String id, String key, String name, ServiceSpec spec, Instant createdAt,
                        Instant stableAt) {

  public static Container planned(String key, ServiceSpec spec, Instant now) {
    return new Container(null, key, spec.fixedName().orElse(key), spec, now, null);
  }

  public Container withId(String newId) {
    return new Container(newId, key, name, spec, createdAt, stableAt);
  }

  public Container withSpec(ServiceSpec newSpec) {
    return new Container(id, key, name, newSpec, createdAt, stableAt);
  }

  public Container stableSince(Instant now) {
    return new Container(id, key, name, spec, createdAt, now);
  }

  /** A container id as people read it (12 hex digits); a key, or anything not an id, as it is. */
  public static String shortId(String idOrKey) {
    if (idOrKey == null) {
      return "?";
    }
    return idOrKey.length() > 12 && idOrKey.matches("[0-9a-f]+") ? idOrKey.substring(0, 12) : idOrKey;
  }

  public boolean hasId(String candidate) {
    return id != null && id.equals(candidate);
  }
}
