package io.condo.http;

import io.condo.bus.Addresses;
import io.condo.bus.FleetTransition;
import io.condo.bus.InstanceChange;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import io.vertx.ext.web.handler.sockjs.Transport;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *
 * <p>Bounded: WebSocket transports only, at most so many sockets (past that, the socket is
 * refused), and a socket that does not read is closed once what it has not taken passes a budget.
 * Which origins may connect is {@link BridgeGate}'s decision, in front of these routes.
 */
public final class BrowserBridge {

  private static final Logger LOG = LoggerFactory.getLogger(BrowserBridge.class);
  /** Bytes handed to a socket and not yet taken by the network, past which its reader is too slow. */
  static final long MAX_UNSENT_BYTES = 512 * 1024;

  /** One open socket: what it has not yet sent; dropped once past the budget. */
  private static final class Outbox {
    final AtomicLong unsent = new AtomicLong();
    volatile boolean dropped;
  }

  private final Vertx bridgeVertx;
  private final int maxSockets;
  private final long maxUnsentBytes;
  /** Written on the HTTP event loop (created, closed), read on the bridge's (a message to send). */
  private final Map<SockJSSocket, Outbox> sockets = new ConcurrentHashMap<>();
  /**
   * The connection under each socket, by the browser's address: what a drop closes. Bounded: an
   * upgrade that never became a socket leaves an entry, the oldest of which go first.
   */
  private final Map<SocketAddress, HttpConnection> connections;
  private MessageConsumer<FleetTransition> transitions;
  private MessageConsumer<InstanceChange> instances;
  private Router router;

  private BrowserBridge(Vertx bridgeVertx, int maxSockets, long maxUnsentBytes) {
    this.bridgeVertx = bridgeVertx;
    this.maxSockets = maxSockets;
    this.maxUnsentBytes = maxUnsentBytes;
    int kept = 4 * maxSockets;
    this.connections = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<SocketAddress, HttpConnection> eldest) {
        return size() > kept;
      }
    });
  }

  /** The bridge's own Vert.x: small, and never clustered. Made outside any Vert.x context. */
  public static Vertx newBridgeVertx() {
    return Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
        .setInternalBlockingPoolSize(1));
  }

  /** @param bridgeVertx from {@link #newBridgeVertx()}; closed when the bridge stops */
  static BrowserBridge start(Vertx vertx, Vertx bridgeVertx, int maxSockets) {
    return start(vertx, bridgeVertx, maxSockets, MAX_UNSENT_BYTES);
  }

  static BrowserBridge start(Vertx vertx, Vertx bridgeVertx, int maxSockets, long maxUnsentBytes) {
    BrowserBridge bridge = new BrowserBridge(bridgeVertx, maxSockets, maxUnsentBytes);
    // WebSocket only (the page's raw /eventbus/websocket, and SockJS's framed one): the other
    // transports cannot send without a body handler, and JSONP and htmlfile can be loaded by
    // another site without an Origin header.
    SockJSHandlerOptions sockJs = new SockJSHandlerOptions().setInsertJSESSIONID(false);
    for (Transport transport : List.of(Transport.XHR, Transport.EVENT_SOURCE, Transport.HTML_FILE, Transport.JSON_P)) {
      sockJs.addDisabledTransport(transport.toString());
    }
    SockJSBridgeOptions options = new SockJSBridgeOptions()
        .addOutboundPermitted(new PermittedOptions().setAddress(Addresses.UI_TRANSITIONS));
    bridge.router = SockJSHandler.create(bridgeVertx, sockJs).bridge(options, bridge::onEvent);
    bridge.transitions = vertx.eventBus().localConsumer(Addresses.FLEET_TRANSITIONS,
        m -> bridgeVertx.eventBus().publish(Addresses.UI_TRANSITIONS,
            m.body().event().toJson().put("cursor", m.body().cursor())));
    bridge.instances = vertx.eventBus().localConsumer(Addresses.FLEET_INSTANCES,
        m -> bridgeVertx.eventBus().publish(Addresses.UI_TRANSITIONS, m.body().toJson(),
            new DeliveryOptions().addHeader("event", m.body().kind())));
    return bridge;
  }

  Router router() {
    return router;
  }

  /** A browser's connection about to become one of the bridge's sockets. */
  void upgrading(SocketAddress browser, HttpConnection connection) {
    connections.put(browser, connection);
  }

  int openSockets() {
    return sockets.size();
  }

  int maxSockets() {
    return maxSockets;
  }

  /** Every event is completed: true lets the bridge go on (its permitted addresses still decide). */
  private void onEvent(BridgeEvent event) {
    switch (event.type()) {
      case SOCKET_CREATED -> {
        // The gate answers 503 past the cap; this keeps it exact when upgrades race.
        if (sockets.size() >= maxSockets) {
          event.complete(false);
          return;
        }
        sockets.put(event.socket(), new Outbox());
        event.complete(true);
      }
      case SOCKET_CLOSED, SOCKET_ERROR -> {
        sockets.remove(event.socket());
        connections.remove(event.socket().remoteAddress());
        event.complete(true);
      }
      case RECEIVE -> receive(event);
      default -> event.complete(true);
    }
  }

  /**
   * Writes a message to a browser itself, counting what is still unsent: a socket whose reader does
   * not keep up is closed once past the budget, as {@code /v1/events} drops a slow reader, instead
   * of piling events up in memory. (The socket's own write-queue test is no guide here: it writes
   * from another event loop, and counts messages, not bytes.)
   */
  private void receive(BridgeEvent event) {
    SockJSSocket socket = event.socket();
    Outbox outbox = sockets.get(socket);
    if (outbox == null || outbox.dropped) {
      event.complete(false);
      return;
    }
    Buffer frame = Buffer.buffer(event.getRawMessage().encode());
    if (outbox.unsent.get() + frame.length() > maxUnsentBytes) {
      outbox.dropped = true;
      LOG.info("browser bridge: a reader at {} is too slow to keep up ({} bytes unsent); disconnected",
          socket.remoteAddress(), outbox.unsent.get());
      // A closing handshake would wait behind what the browser does not read: the connection goes.
      HttpConnection connection = connections.remove(socket.remoteAddress());
      if (connection != null) {
        HardClose.close(connection);
      } else {
        socket.close(1008, "too slow to keep up");
      }
      event.complete(false);
      return;
    }
    outbox.unsent.addAndGet(frame.length());
    socket.write(frame).onComplete(written -> outbox.unsent.addAndGet(-frame.length()));
    event.complete(false); // written above: the bridge must not write it again
  }

  Future<Void> stop() {
    return Future.join(transitions.unregister(), instances.unregister()).<Void>mapEmpty()
        .eventually(() -> bridgeVertx.close());
  }
}
