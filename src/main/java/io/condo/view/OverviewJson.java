package io.condo.view;

import io.condo.bus.FleetSnapshot;
import io.condo.bus.InstanceView;
import io.condo.fsm.Snapshot;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The fleet at a glance, as compact as the page's overview needs it: for each host × service its
 * state, its images (as indexes into one list) and whether it has an error. Everything else
 * (ids, times, the error's text) is fetched for one cell when asked: {@link #cell}. At 100 hosts ×
 * 50 services this is about a twentieth of {@code /v1/global_state}.
 *
 * <pre>
 * {"cursor":"…","states":["Init",…],"services":["web",…],"images":["nginx:1",…],
 *  "instances":[{"instance":"…","host":"…"},…],
 *  "departed":[{"instance":"…","host":"…","left_at":"…"},…],
 *  "cells":[[instance index, service index, state index, current image index, next image index, marks],…]}
 * </pre>
 * An absent image is -1. Marks are bits: 1 an error, 2 rolled back, 4 its container was restarted,
 * 8 waiting for its turn in a fleet rollout, 16 held back by a rollout another host's failure stopped.
 */
public final class OverviewJson {

  public static final List<String> STATES = List.of("Init", "Wait", "TryAgain", "Stable", "WaitNext", "TryAgainNext");

  private OverviewJson() {
  }

  static int marks(JsonObject service) {
    return (service.getValue("error") instanceof String ? 1 : 0)
        | (service.getValue("rolled_back") instanceof JsonObject ? 2 : 0)
        | (service.getValue("restarts") instanceof Integer n && n > 0 ? 4 : 0)
        | (service.getValue("rollout") instanceof String r ? r.startsWith("stopped") ? 16 : 8 : 0);
  }

  public static JsonObject of(FleetSnapshot fleet) {
    TreeSet<String> names = new TreeSet<>();
    fleet.instances().forEach(i -> names.addAll(i.services().fieldNames()));
    List<String> services = new ArrayList<>(names);
    Map<String, Integer> images = new LinkedHashMap<>();
    JsonArray instances = new JsonArray();
    JsonArray cells = new JsonArray();
    for (int i = 0; i < fleet.instances().size(); i++) {
      InstanceView instance = fleet.instances().get(i);
      instances.add(new JsonObject().put("instance", instance.instance()).put("host", instance.host()));
      JsonObject all = instance.services();
      for (String name : all.fieldNames()) {
        if (!(all.getValue(name) instanceof JsonObject service)) {
          continue;
        }
        int state = STATES.indexOf(service.getValue("state") instanceof String s ? s : "");
        cells.add(new JsonArray().add(i).add(services.indexOf(name)).add(state)
            .add(image(service.getValue("current"), images)).add(image(service.getValue("next"), images))
            .add(marks(service)));
      }
    }
    return new JsonObject().put("cursor", fleet.cursor()).put("states", new JsonArray(STATES))
        .put("services", new JsonArray(services)).put("images", new JsonArray(new ArrayList<>(images.keySet())))
        .put("instances", instances).put("departed", fleet.departedJson()).put("cells", cells);
  }

  private static int image(Object container, Map<String, Integer> images) {
    if (!(container instanceof JsonObject c) || !(c.getValue("image") instanceof String image)) {
      return -1;
    }
    return images.computeIfAbsent(image, k -> images.size());
  }

  /** One cell in full, as {@code /v1/global_state} shows the service, with its host; null when there is none. */
  public static JsonObject cell(FleetSnapshot fleet, String instance, String service) {
    for (InstanceView view : fleet.instances()) {
      if (view.instance().equals(instance)) {
        JsonObject one = view.service(service);
        return one == null ? null
            : one.put("instance", instance).put("host", view.host()).put("service", service);
      }
    }
    return null;
  }

  static {
    if (!Snapshot.NAMES.equals(new java.util.HashSet<>(STATES))) {
      throw new IllegalStateException("the overview's states are the state machine's");
    }
  }
}
