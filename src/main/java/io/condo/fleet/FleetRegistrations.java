package io.condo.fleet;

import io.condo.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's two clustered consumers: the fleet's published messages, and the pulls addressed to
 * this node. After a split they are registered anew ({@link #renew}): the cluster's tables may
 * have lost them, and this node's routes may lack the members it saw leave.
 */
final class FleetRegistrations {

  private static final Logger LOG = LoggerFactory.getLogger(FleetVerticle.class);

  private final Vertx vertx;
  private final String node;
  private final Handler<Message<Object>> published;
  private final Handler<Message<Object>> pulled;
  private MessageConsumer<Object> stateConsumer;
  private MessageConsumer<Object> pullConsumer;

  FleetRegistrations(Vertx vertx, String node, Handler<Message<Object>> published, Handler<Message<Object>> pulled) {
    this.vertx = vertx;
    this.node = node;
    this.published = published;
    this.pulled = pulled;
  }

  /** Both registered; the future completes once the cluster knows them. */
  Future<?> register() {
    stateConsumer = vertx.eventBus().consumer(Addresses.FLEET_STATE, published);
    pullConsumer = vertx.eventBus().consumer(PeerMessages.pullAddress(node), pulled);
    return Future.all(stateConsumer.completion(), pullConsumer.completion());
  }

  /**
   * Registers both anew, then drops the old ones: each registration is a new entry in the
   * cluster's table, so every member (and this one) reads the address's routes again. Both listen
   * for a moment; a message heard twice is a duplicate, which changes nothing.
   */
  void renew() {
    MessageConsumer<Object> oldState = stateConsumer;
    MessageConsumer<Object> oldPull = pullConsumer;
    register().onComplete(done -> {
      oldState.unregister();
      oldPull.unregister();
      LOG.info("renewed this node's fleet registrations");
    });
  }
}
