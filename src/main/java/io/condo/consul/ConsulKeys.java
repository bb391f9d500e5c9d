package io.condo.consul;

import io.condo.view.PeerJson;
import io.condo.bus.InstanceView;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.consul.KeyValue;
import io.vertx.ext.consul.KeyValueList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The KV layout: {@code <prefix>/<service>_<instance id>} holding
 * {@code {"instance","host","service","snapshot":{…as in /v1/state…}}}. Reading it back ignores
 * anything under the prefix that is not exactly that, so a foreign key breaks nothing.
 */
final class ConsulKeys {

  private static final Pattern KEY = Pattern.compile("(.+)_([0-9a-f]{6,64})");

  private ConsulKeys() {
  }

  static String key(String prefix, String service, String instance) {
    return prefix + "/" + service + "_" + instance;
  }

  static String value(String instance, String host, String service, JsonObject snapshot) {
    return new JsonObject().put("instance", instance).put("host", host).put("service", service)
        .put("snapshot", snapshot).encode();
  }

  /** Every instance found under the prefix, with its services. */
  static List<InstanceView> read(String prefix, KeyValueList list) {
    Map<String, String> hosts = new LinkedHashMap<>();
    Map<String, JsonObject> services = new LinkedHashMap<>();
    if (list == null || list.getList() == null) {
      return List.of();
    }
    for (KeyValue kv : list.getList()) {
      if (kv.getKey() == null || !kv.getKey().startsWith(prefix + "/")) {
        continue;
      }
      Matcher key = KEY.matcher(kv.getKey().substring(prefix.length() + 1));
      JsonObject value = parse(kv.getValue());
      JsonObject snapshot = value == null ? null : PeerJson.service(value.getValue("snapshot"));
      if (!key.matches() || snapshot == null || !key.group(2).equals(value.getValue("instance"))
          || !key.group(1).equals(value.getValue("service")) || !(value.getValue("host") instanceof String host)
          || host.isEmpty() || host.length() > 256) {
        continue;
      }
      hosts.putIfAbsent(key.group(2), host);
      services.computeIfAbsent(key.group(2), id -> new JsonObject()).put(key.group(1), snapshot);
    }
    List<InstanceView> instances = new ArrayList<>();
    hosts.forEach((id, host) -> instances.add(new InstanceView(id, host, "consul", services.get(id))));
    instances.sort(Comparator.comparing(InstanceView::host).thenComparing(InstanceView::instance));
    return instances;
  }

  private static JsonObject parse(String text) {
    try {
      return text == null ? null : new JsonObject(text);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
