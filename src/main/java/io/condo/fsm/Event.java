package io.condo.fsm;

import io.condo.spec.ServiceSpec;
import java.util.Map;

/** What can happen to a service. Results name their container, so stale ones can be told apart. */
public sealed interface Event {

  record SpecChanged(ServiceSpec spec) implements Event {
  }

  record SpecDeleted() implements Event {
  }

  record Created(String key, String id) implements Event {
  }

  record CreateFailed(String key, String error) implements Event {
  }

  /** The image of the planned container {@code key} is present. */
  record Pulled(String key) implements Event {
  }

  record PullFailed(String key, String error) implements Event {
  }

  record Started(String id, Health health, String detail) implements Event {
  }

  record StartFailed(String id, String error) implements Event {
  }

  /** Docker's word on a container: from its event stream or from an inspect. */
  record Observed(String id, Health health, String detail) implements Event {
  }

  /**
   * What a failed deploy most likely waited for is back: Docker answers again after its event
   * stream was lost (dockerd restarted, upgraded), or the registry credentials changed. A retry
   * waiting out its back-off tries now.
   */
  record RetryNow() implements Event {
  }

  /**
   * Condo has no snapshot for the service (its state file was unreadable) but Docker runs a
   * container of this instance made from exactly the spec the service's file holds: it is taken
   * back as the Stable container instead of being replaced.
   */
  record Reclaim(Container container) implements Event {
  }

  /** Time passed; deadlines in the snapshot that are due now act. */
  record Tick() implements Event {
  }

  /**
   * Condo restarted: what Docker has of this instance's containers for this service, indexed both
   * by container id and by Condo's key label.
   */
  record Adopt(Map<String, Seen> observed) implements Event {
  }

  /** One container as Docker has it at adoption time. */
  record Seen(String id, String key, Health health, String detail) {
  }
}
