package io.condo.bus;

import java.util.List;

/**
 * Asks the fleet verticle for the transitions after {@code since} (null: none, just the head).
 * The answer is a {@link HistoryQuery.Answer}.
 */
public record HistoryQuery(String since) implements Request<HistoryQuery.Answer> {

  /**
   * {@code reset}: the cursor cannot be continued exactly, the reader re-reads the whole state.
   * {@code head}: the newest cursor, to continue after.
   */
  public record Answer(boolean reset, List<FleetTransition> transitions, String head) {

    public Answer {
      transitions = List.copyOf(transitions);
    }
  }
}
