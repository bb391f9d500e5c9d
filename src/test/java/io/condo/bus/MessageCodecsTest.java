package io.condo.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.vertx.core.Vertx;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MessageCodecsTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  /** Every request the supervisor answers travels as itself, by reference, with no copying. */
  @Test
  void typedMessagesArePassedByReference() {
    MessageCodecs.registerAll(vertx.eventBus());
    vertx.eventBus().<Object>localConsumer("test", m -> m.reply(m.body()));
    for (Object message : List.of(new StateQuery(), new StopAll())) {
      assertSame(message, vertx.eventBus().request("test", message).await().body());
    }
  }

  @Test
  void anUnregisteredTypeIsRefused() {
    vertx.eventBus().<Object>localConsumer("test", m -> m.reply(m.body()));
    IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> vertx.eventBus().request("test", new StopAll()).await());
    assertEquals("No message codec for type: class io.condo.bus.StopAll", refused.getMessage());
  }
}
