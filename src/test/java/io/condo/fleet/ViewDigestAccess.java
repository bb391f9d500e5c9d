package io.condo.fleet;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;

/** Lets simulated peers send beacons whose digest a Condo checks, as a real peer's. */
public final class ViewDigestAccess {

  private ViewDigestAccess() {
  }

  public static String of(JsonObject services, JsonObject self) {
    Map<String, String> digests = new TreeMap<>();
    services.forEach(e -> digests.put(e.getKey(), ViewDigest.ofRecord(e.getValue())));
    return ViewDigest.ofTable(digests, ViewDigest.ofRecord(self));
  }
}
