package io.condo.bus;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import java.util.function.Function;

/**
 * Request and reply on the local event bus with the reply's type taken from the request's: the one
 * way verticles ask each other something.
 */
public final class Requests {

  private Requests() {
  }

  /** Docker steps have their own timeouts (a pull may take minutes); this only bounds a lost reply. */
  private static final DeliveryOptions DOCKER_DELIVERY = new DeliveryOptions().setSendTimeout(
      java.time.Duration.ofMinutes(20).toMillis());

  /** A command to the Docker worker, at the address it belongs to. */
  public static <R extends DockerReply> Future<R> docker(EventBus bus, DockerCommand<R> command) {
    return ask(bus, command.address(), command, DOCKER_DELIVERY);
  }

  public static <R> Future<R> ask(EventBus bus, String address, Request<R> request) {
    return ask(bus, address, request, new DeliveryOptions());
  }

  public static <R> Future<R> ask(EventBus bus, String address, Request<R> request, DeliveryOptions options) {
    return bus.<R>request(address, request, options).map(Message::body);
  }

  /**
   * Answers every {@code Q} sent to the address (on this instance only) with what {@code answer}
   * makes of it; a failed answer is a failed reply carrying its message.
   */
  public static <Q extends Request<R>, R> Future<Void> answer(EventBus bus, String address,
                                                             Function<Q, Future<R>> answer) {
    return bus.<Q>localConsumer(address, message -> answer.apply(message.body()).onComplete(result -> {
      if (result.succeeded()) {
        message.reply(result.result());
      } else {
        message.fail(500, String.valueOf(result.cause().getMessage()));
      }
    })).completion();
  }

  /** {@link #answer} for answers known at once. */
  public static <Q extends Request<R>, R> Future<Void> answerNow(EventBus bus, String address,
                                                                Function<Q, R> answer) {
    return answer(bus, address, (Q query) -> Future.succeededFuture(answer.apply(query)));
  }
}
