package io.condo.fsm;

import java.util.List;

/** The result of one step of the state machine: the next snapshot and the Docker work to do. */
public record Transition(Snapshot snapshot, List<Action> actions) {

  public static Transition to(Snapshot snapshot, Action... actions) {
    return new Transition(snapshot, List.of(actions));
  }

  public static Transition to(Snapshot snapshot, List<Action> actions) {
    return new Transition(snapshot, List.copyOf(actions));
  }
}
