package io.condo.bus;

/**
 * The supervisor asks for this host's turn to deploy a new spec of {@code service} (body hash
 * {@code target}, image {@code image}) in the fleet's rollout; the answer is a {@link RollClaim.Verdict}.
 * A granted turn is this host's until its new container has been Stable for the spec's pause.
 */
public record RolloutClaim(String service, String target, String image, int parallel)
    implements Request<RollClaim.Verdict> {

  /** The service's file moved to a spec that needs no turn (or is gone): any turn of this host's for it ends. */
  public record Release(String service) {
  }
}
