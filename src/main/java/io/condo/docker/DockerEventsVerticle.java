package io.condo.docker;

import io.condo.bus.ContainerEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.condo.bus.Addresses;
import io.condo.fsm.Backoff;
import io.condo.fsm.Health;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows Docker's event stream for this instance's containers on a thread of its own and
 * forwards what matters (start, die, health, destroy) to the supervisor. Reconnects with back-off
 * and says so, because events missed while disconnected must be made up by re-reading.
 */
public final class DockerEventsVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(DockerEventsVerticle.class);

  private final DockerApi docker;
  private final String instanceId;
  private volatile boolean running = true;
  private Thread reader;
  /** Touched by the reader thread only. */
  private final Backoff.Retries reconnects = Backoff.DOCKER_EVENTS.retries();
  /** Touched by the reader thread only. */
  private final Signalled signalled = new Signalled();
  private final PendingStops stops = new PendingStops(this::send);

  public DockerEventsVerticle(DockerApi docker, String instanceId) {
    this.docker = docker;
    this.instanceId = instanceId;
  }

  @Override
  public Future<?> start() {
    reader = new Thread(this::follow, "condo-docker-events");
    reader.setDaemon(true);
    reader.start();
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    running = false;
    reader.interrupt();
    return Future.succeededFuture();
  }

  private void follow() {
    while (running) {
      try {
        docker.streamEvents(ContainerLabels.instanceFilter(instanceId), this::connected, this::forward);
        if (running) {
          LOG.warn("Docker event stream ended; reconnecting");
        }
      } catch (RuntimeException e) {
        if (running) {
          LOG.warn("Docker event stream failed ({}); reconnecting", e.getMessage());
        }
      }
      stops.streamLost();
      sleep(reconnects.failed().toMillis());
    }
  }

  /** Called on the reader thread; a stream that connected starts its next outage's back-off afresh. */
  private void connected() {
    reconnects.succeeded();
    send(new ContainerEvent.StreamConnected());
  }

  private void forward(JsonNode event) {
    ContainerEvent translated = translate(event, signalled);
    if (translated instanceof ContainerEvent.HealthChanged changed && changed.health() == Health.STOPPED) {
      stops.hold(changed);
      vertx.setTimer(PendingStops.CONFIRM_MILLIS, t -> stops.confirm(changed.id()));
    } else if (translated != null) {
      if (translated instanceof ContainerEvent.HealthChanged changed) {
        stops.confirm(changed.id()); // what it does now comes after its stop
      } else if (translated instanceof ContainerEvent.ContainerStarted started) {
        stops.confirm(started.id());
      }
      send(translated);
    }
  }

  /**
   * @param signalled containers somebody sent a signal to (Docker reports {@code kill} before the
   *     {@code die} it causes): their death is an operator's stop, reported and not revived
   */
  static ContainerEvent translate(JsonNode event, Signalled signalled) {
    String action = event.path("Action").asText(event.path("status").asText(""));
    JsonNode actor = event.path("Actor");
    String id = actor.path("ID").asText(event.path("id").asText(""));
    String service = actor.path("Attributes").path(ContainerLabels.SERVICE).asText(null);
    if (service == null) {
      return null;
    }
    String exitCode = "exit code " + actor.path("Attributes").path("exitCode").asText("?");
    long at = event.path("timeNano").asLong(0);
    return switch (action) {
      case "start" -> {
        signalled.forget(id, at);
        yield new ContainerEvent.ContainerStarted(id, service);
      }
      case "kill" -> {
        signalled.add(id, actor.path("Attributes").path("signal").asText("?"), at);
        yield null;
      }
      case "die" -> {
        String signal = signalled.forget(id, at);
        yield signal != null
            ? new ContainerEvent.HealthChanged(id, service, Health.STOPPED,
                "signal " + signal + " (docker stop), " + exitCode)
            : new ContainerEvent.HealthChanged(id, service, Health.EXITED, "exited with " + exitCode);
      }
      case "health_status: healthy" -> new ContainerEvent.HealthChanged(id, service, Health.HEALTHY, null);
      case "health_status: unhealthy" -> new ContainerEvent.HealthChanged(id, service, Health.UNHEALTHY,
          "health check failed");
      case "destroy" -> new ContainerEvent.HealthChanged(id, service, Health.GONE, "removed");
      default -> null;
    };
  }

  /** The event bus is safe to use from this thread; one sender keeps the events in order. */
  private void send(ContainerEvent event) {
    vertx.eventBus().send(Addresses.CONTAINER_EVENTS, event);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
