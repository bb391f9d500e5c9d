package io.condo.supervisor;

import io.condo.bus.SpecFileEvent;
import io.condo.fsm.Event;
import io.condo.fsm.Reason;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The spec files' word, as events for one service each: a file's new spec (unless its rollout
 * holds it back), its error (shown, nothing else touched), its deletion; and the first complete
 * listing, which also settles what the start held back and removes the services whose files are gone.
 */
final class SpecIntake {

  private final ServiceLoop loop;
  private final RolloutGate rollouts;
  private final StartAdoption adoption;

  SpecIntake(ServiceLoop loop, RolloutGate rollouts, StartAdoption adoption) {
    this.loop = loop;
    this.rollouts = rollouts;
    this.adoption = adoption;
  }

  void on(SpecFileEvent event) {
    if (event instanceof SpecFileEvent.SpecsListed listed) {
      adoption.reclaim(listed);
      Set<String> present = new HashSet<>();
      listed.present().forEach(e -> present.add(e.service()));
      for (String service : List.copyOf(loop.snapshots().keySet())) {
        if (!present.contains(service)) {
          on(new SpecFileEvent.SpecRemoved(service, null));
        }
      }
      listed.present().forEach(this::on);
    } else if (event instanceof SpecFileEvent.SpecUpdated updated) {
      ServiceRuntime rt = loop.runtime(updated.service());
      rt.file = updated.file().toString();
      rt.fileError = null;
      if (!rollouts.holdsBack(rt.name, rt.snapshot, updated.spec())) {
        loop.next(rt, new Event.SpecChanged(updated.spec()));
      }
    } else if (event instanceof SpecFileEvent.SpecInvalid invalid) {
      ServiceRuntime rt = loop.runtime(invalid.service());
      rt.file = invalid.file().toString();
      rt.fileError = invalid.error();
      loop.publish(rt, rt.snapshot.stateName(), Reason.SPEC);
    } else if (event instanceof SpecFileEvent.SpecRemoved removed) {
      ServiceRuntime rt = loop.existing(removed.service());
      if (rt != null) {
        rt.file = null;
        rt.fileError = null;
        rollouts.removed(rt.name);
        loop.next(rt, new Event.SpecDeleted());
      }
    }
  }
}
