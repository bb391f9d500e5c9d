package io.condo.fleet;

import io.vertx.core.eventbus.EventBusOptions;

/** Lets tests configure a node's event bus exactly as a Condo member does. */
public final class EventBusTlsAccess {

  private EventBusTlsAccess() {
  }

  public static String apply(EventBusOptions options, ClusterSettings settings, FleetKeys keys) {
    return EventBusTls.apply(options, settings, keys);
  }
}
