package io.condo.fleet;

/**
 * A transition as this instance's history holds it: the event, and the cursor a stream resumes
 * after. Published locally the moment it is seen.
 */
public record FleetTransition(String cursor, TransitionEvent event) {
}
