package io.condo.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.condo.bus.ContainerEvent;
import io.condo.fsm.Health;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A stop is an operator's only while Docker's stream stays up after it. */
class PendingStopsTest {

  final List<ContainerEvent> sent = new ArrayList<>();
  final PendingStops stops = new PendingStops(sent::add);
  final ContainerEvent.HealthChanged stopped =
      new ContainerEvent.HealthChanged("c1", "web", Health.STOPPED, "signal 15 (docker stop), exit code 143");

  @Test
  void aStopIsToldOnceConfirmedAndOnlyOnce() {
    stops.hold(stopped);
    assertEquals(List.of(), sent, "held until confirmed");
    stops.confirm("c1");
    stops.confirm("c1");
    stops.streamLost();
    assertEquals(List.of(stopped), sent);
  }

  @Test
  void aStopFollowedByTheStreamsEndWasDockersOwnShutdownAndIsACrash() {
    stops.hold(stopped);
    stops.streamLost();
    stops.confirm("c1");
    assertEquals(1, sent.size());
    ContainerEvent.HealthChanged told = (ContainerEvent.HealthChanged) sent.get(0);
    assertEquals(Health.EXITED, told.health());
    assertEquals("stopped as Docker shut down: signal 15 (docker stop), exit code 143", told.detail());
  }
}
