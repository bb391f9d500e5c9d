package io.condo.self;

import io.condo.spec.ServiceSpec;

/** Where this Condo's self-deploy stands; {@link #label} is what {@code /v1/state}'s self shows. */
sealed interface SelfPhase {

  String label();

  /** What of the fleet's roll holds this host back (or stopped its deploy), or null. */
  default String roll() {
    return null;
  }

  /** A deploy under way: one self-deploy at a time, and the next Condo reads self.edn afresh. */
  default boolean deploying() {
    return this instanceof Deploying || this instanceof HandingOver;
  }

  /** Supervising, nothing to deploy; or the fleet's roll stopped the deploy ({@code roll} says why). */
  record Running(String roll) implements SelfPhase {
    static final Running PLAIN = new Running(null);

    @Override
    public String label() {
      return "running";
    }
  }

  /** A deploy waits for this host's turn in the fleet's roll. */
  record Waiting(String roll) implements SelfPhase {
    @Override
    public String label() {
      return "waiting";
    }
  }

  /** Docker work paused; the successor and the helper being made. */
  record Deploying(ServiceSpec spec) implements SelfPhase {
    @Override
    public String label() {
      return "deploying";
    }
  }

  /** The helper runs: it stops this Condo and starts the new one, or puts this one back. */
  record HandingOver(ServiceSpec spec, String helper) implements SelfPhase {
    @Override
    public String label() {
      return "handing-over";
    }
  }
}
