package io.condo.supervisor;

import io.condo.bus.DeploysSwitch;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether the supervisor's Docker work is held (another Condo is about to take over: containers
 * keep running, no new step begins), and who waits for the steps under way to end.
 */
final class DockerWorkPause {

  private boolean held;
  private final List<Promise<DeploysSwitch.Done>> waiting = new ArrayList<>();

  boolean held() {
    return held;
  }

  /** Holds new steps; done once {@link #idle} is told no step is under way. */
  Future<DeploysSwitch.Done> hold() {
    held = true;
    Promise<DeploysSwitch.Done> idle = Promise.promise();
    waiting.add(idle);
    return idle.future();
  }

  /** No step is under way: a pause asked for is now in effect. */
  void idle() {
    if (held) {
      waiting.forEach(p -> p.tryComplete(new DeploysSwitch.Done()));
      waiting.clear();
    }
  }

  void release() {
    held = false;
  }
}
