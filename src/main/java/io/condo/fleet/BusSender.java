package io.condo.fleet;

import io.vertx.core.eventbus.Message;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node the clustered event bus says sent a message. Vert.x writes the sender's node id on the
 * wire with every message and keeps it, but does not publish it; a peer's message only says which
 * node it is from, and a member could say another's. With this, an instance's messages are taken
 * only from the node they come from. ClusterSecurityIT fails if this Vert.x no longer tells (a
 * member's message in another node's name would be taken).
 */
final class BusSender {

  private static final Logger LOG = LoggerFactory.getLogger(BusSender.class);
  private static final Class<?> CLUSTERED = load();
  private static final MethodHandle GET_SENDER = find();

  private BusSender() {
  }

  /** The sending node's id; null when the bus cannot say (a local delivery, or a Vert.x that hides it). */
  static String of(Message<?> message) {
    if (GET_SENDER == null || !CLUSTERED.isInstance(message)) {
      return null;
    }
    try {
      return (String) GET_SENDER.invoke(message);
    } catch (Throwable e) {
      return null;
    }
  }

  private static Class<?> load() {
    try {
      return Class.forName("io.vertx.core.eventbus.impl.clustered.ClusteredMessage");
    } catch (ClassNotFoundException e) {
      return null;
    }
  }

  private static MethodHandle find() {
    try {
      return CLUSTERED == null ? null : MethodHandles.privateLookupIn(CLUSTERED, MethodHandles.lookup())
          .findVirtual(CLUSTERED, "getSender", MethodType.methodType(String.class));
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn("this Vert.x does not say which node sent a message ({}): peers' node claims are taken as written",
          e.toString());
      return null;
    }
  }
}
