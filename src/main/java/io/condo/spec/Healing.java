package io.condo.spec;

/**
 * What Condo does on its own when a service misbehaves (SPEC §2a), from {@code :on-failure} and
 * {@code :on-unhealthy}. Zero means the default: retry a failing new spec for ever, report an
 * unhealthy container and leave it.
 *
 * @param rollbackAfter failed attempts of a new spec after which Condo goes back to the last spec
 *     that was Stable ({@code [:Rollback n]}); 0 for {@code [:Retry]}
 * @param replaceUnhealthyAfter seconds a Stable container may stay unhealthy before it is replaced
 *     ({@code [:Replace s]}); 0 for {@code [:Report]}
 */
public record Healing(int rollbackAfter, int replaceUnhealthyAfter) {

  public static final Healing DEFAULT = new Healing(0, 0);

  public boolean rollsBack() {
    return rollbackAfter > 0;
  }

  public boolean replacesUnhealthy() {
    return replaceUnhealthyAfter > 0;
  }

  /** As the spec file writes it. */
  public String onFailure() {
    return rollsBack() ? "[:Rollback " + rollbackAfter + "]" : "[:Retry]";
  }

  /** As the spec file writes it. */
  public String onUnhealthy() {
    return replacesUnhealthy() ? "[:Replace " + replaceUnhealthyAfter + "]" : "[:Report]";
  }
}
