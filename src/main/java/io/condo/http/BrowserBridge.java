package io.condo.http;

import io.condo.bus.Addresses;
import io.condo.bus.FleetTransition;
import io.condo.bus.InstanceChange;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
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
 * transition events and instances joining or leaving are handed across, one publish each; the
 * latter carry a header {@code event} ({@code joined} with the instance's services, or
 * {@code departed}) so that an open page marks a departed instance at once.
 */
public final class BrowserBridge {

  private final Vertx bridgeVertx;
  private final MessageConsumer<FleetTransition> transitions;
  private final MessageConsumer<InstanceChange> instances;
  private final Router router;

  private BrowserBridge(Vertx bridgeVertx, MessageConsumer<FleetTransition> transitions,
                        MessageConsumer<InstanceChange> instances, Router router) {
    this.bridgeVertx = bridgeVertx;
    this.transitions = transitions;
    this.instances = instances;
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
    MessageConsumer<FleetTransition> transitions = vertx.eventBus().localConsumer(Addresses.FLEET_TRANSITIONS,
        m -> bridgeVertx.eventBus().publish(Addresses.UI_TRANSITIONS, m.body().event().toJson()));
    MessageConsumer<InstanceChange> instances = vertx.eventBus().localConsumer(Addresses.FLEET_INSTANCES,
        m -> bridgeVertx.eventBus().publish(Addresses.UI_TRANSITIONS, m.body().toJson(),
            new DeliveryOptions().addHeader("event", m.body().kind())));
    return new BrowserBridge(bridgeVertx, transitions, instances, router);
  }

  Router router() {
    return router;
  }

  Future<Void> stop() {
    return Future.join(transitions.unregister(), instances.unregister()).<Void>mapEmpty()
        .eventually(() -> bridgeVertx.close());
  }
}
