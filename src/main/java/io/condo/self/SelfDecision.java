package io.condo.self;

import io.condo.spec.ServiceSpec;

/** What this Condo does about the {@code self.edn} it was given. Pure. */
final class SelfDecision {

  sealed interface Outcome {
  }

  /** No self.edn, or the one this Condo was started from. */
  record Nothing() implements Outcome {
  }

  record Deploy(ServiceSpec spec) implements Outcome {
  }

  /** Cannot, or must not try again: {@code error} says why. */
  record Refuse(String error) implements Outcome {
  }

  private SelfDecision() {
  }

  /** @param lastFailure the last self-deploy that failed, or null */
  static Outcome of(SelfIdentity self, ServiceSpec desired, HandoverFiles.Failure lastFailure) {
    if (desired == null || desired.bodyHash().equals(self.startedFrom())) {
      return new Nothing();
    }
    if (lastFailure != null && desired.bodyHash().equals(lastFailure.hash())) {
      // Tried and failed: again only when self.edn changes, never in a loop.
      return new Refuse(lastFailure.error());
    }
    if (self.containerId() == null) {
      return new Refuse("Condo does not run in a Docker container, so it cannot replace itself");
    }
    return new Deploy(desired);
  }
}
