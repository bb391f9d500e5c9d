package io.condo.http;

import io.vertx.core.http.HttpConnection;
import java.lang.reflect.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a connection at once. Vert.x closes a WebSocket's connection with a closing handshake, in
 * order after what is already queued on it, and a browser that does not read never lets that queue
 * go: its socket would stay open, and counted, for as long as it likes. So the channel underneath is closed directly; should a Vert.x
 * upgrade hide it, the ordinary close is the fallback (a test fails if that is all that is left).
 */
final class HardClose {

  private static final Logger LOG = LoggerFactory.getLogger(HardClose.class);
  private static final Field CHANNEL = channelField();

  private HardClose() {
  }

  static void close(HttpConnection connection) {
    if (CHANNEL != null) {
      try {
        io.netty.channel.Channel channel = (io.netty.channel.Channel) CHANNEL.get(connection);
        // Beneath the pipeline: its WebSocket handler would turn a close into a closing handshake.
        channel.eventLoop().execute(() -> channel.unsafe().close(channel.voidPromise()));
        return;
      } catch (IllegalAccessException | RuntimeException e) {
        LOG.debug("cannot close the channel of {} directly", connection, e);
      }
    }
    connection.close();
  }

  static boolean available() {
    return CHANNEL != null;
  }

  private static Field channelField() {
    for (Class<?> type = io.vertx.core.net.impl.ConnectionBase.class; type != null; type = type.getSuperclass()) {
      try {
        Field field = type.getDeclaredField("channel");
        if (io.netty.channel.Channel.class.isAssignableFrom(field.getType())) {
          field.setAccessible(true);
          return field;
        }
      } catch (NoSuchFieldException | RuntimeException e) {
        // look further up
      }
    }
    return null;
  }
}
