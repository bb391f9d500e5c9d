package io.condo.bus;

/**
 * A transition as this instance's history holds it: the event, and the cursor a stream resumes
 * after. Published locally the moment it is seen.
 */
public record FleetTransition(String cursor, TransitionEvent event) {

  /** A cursor of the history: {@code <run>-<n>}. */
  public static String cursor(String run, long n) {
    return run + "-" + n;
  }

  /**
   * The number in a cursor this instance's history gave out; cursors of one run are ordered by it.
   * -1 for one without a number.
   */
  public static long number(String cursor) {
    int dash = cursor == null ? -1 : cursor.lastIndexOf('-');
    try {
      return dash < 0 ? -1 : Long.parseLong(cursor.substring(dash + 1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
