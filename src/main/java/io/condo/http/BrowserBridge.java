package io.condo.http;

import io.condo.bus.Addresses;
import io.condo.fleet.FleetTransition;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;

/**
 * The event-bus bridge for browsers (vertx-web's SockJS bridge) at {@code /eventbus}: a browser
 * may subscribe to {@link Addresses#UI_TRANSITIONS} and to nothing else; every send or publish
 * from a browser, to any address, is refused ({@code access_denied}). Condo only publishes there,
 * so no message to a browser ever carries a reply address.
 *
 * <p>The bridge runs on an event bus of its own, in this process and never clustered: the bridge
 * registers a consumer for every browser subscription, and on the clustered bus each would be a
 * cluster-wide registration, so many open tabs would churn the cluster's subscription table. Only
 * transition events are handed across, one publish each.
 */
public final class BrowserBridge {

  private final Vertx bridgeVertx;
  private final MessageConsumer<FleetTransition> forwarder;
  private final Router router;

  private BrowserBridge(Vertx bridgeVertx, MessageConsumer<FleetTransition> forwarder, Router router) {
    this.bridgeVertx = bridgeVertx;
    this.forwarder = forwarder;
    this.router = router;
  }

  /** The bridge's own Vert.x: small, and never clustered. Made outside any Vert.x context. */
  public static Vertx newBridgeVertx() {
    return Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
        .setInternalBlockingPoolSize(1));
  }

  /** @param bridgeVertx from {@link #newBridgeVertx()}; closed when the bridge stops */
  static BrowserBridge start(Vertx vertx, Vertx bridgeVertx) {
    SockJSBridgeOptions options = new SockJSBridgeOptions()
        .addOutboundPermitted(new PermittedOptions().setAddress(Addresses.UI_TRANSITIONS));
    Router router = SockJSHandler.create(bridgeVertx).bridge(options);
    MessageConsumer<FleetTransition> forwarder = vertx.eventBus().localConsumer(Addresses.FLEET_TRANSITIONS,
        m -> bridgeVertx.eventBus().publish(Addresses.UI_TRANSITIONS, m.body().event().toJson()));
    return new BrowserBridge(bridgeVertx, forwarder, router);
  }

  Router router() {
    return router;
  }

  Future<Void> stop() {
    return forwarder.unregister().eventually(() -> bridgeVertx.close());
  }
}
