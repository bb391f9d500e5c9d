package io.condo.supervisor;

import io.condo.bus.DockerReply;
import io.condo.bus.SpecFileEvent;
import io.condo.fsm.Container;
import io.condo.fsm.Snapshot;
import io.condo.plan.StartPlan;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The restart row of SPEC §3 carried out: what runs adopted into the snapshots it belongs to,
 * leftovers removed before their service's own work, and, once the spec files are read for the
 * first time, containers the state did not know taken back (an unreadable state). The decisions
 * are {@link StartPlan}'s; this only applies them to the loop.
 */
final class StartAdoption {

  private static final Logger LOG = LoggerFactory.getLogger(SupervisorVerticle.class);

  private final ServiceLoop loop;
  private final Clock clock;
  private final RemovalsFirst removalsFirst;
  /** Containers held back at start until the first reading of the spec files (see reclaim). */
  private final Map<String, List<DockerReply.ContainerStatus>> heldBack = new HashMap<>();
  private LeftoverSweep leftovers;

  StartAdoption(ServiceLoop loop, Clock clock, RemovalsFirst removalsFirst) {
    this.loop = loop;
    this.clock = clock;
    this.removalsFirst = removalsFirst;
  }

  void removingWith(LeftoverSweep sweep) {
    this.leftovers = sweep;
  }

  /** The orphans among {@code owned}: what no snapshot holds and nothing held back waits to reclaim. */
  List<StartPlan.Removal> orphans(Collection<Snapshot> snapshots, List<DockerReply.ContainerStatus> owned) {
    return StartPlan.orphans(snapshots, heldBack, owned);
  }

  void adoptAll(List<DockerReply.ContainerStatus> owned) {
    StartPlan.Adoption plan = StartPlan.adopt(loop.snapshots(), owned);
    heldBack.putAll(plan.heldBack());
    // Orphans go first: a service's own work (say, the create of a Before deploy interrupted by
    // the crash) waits until its leftover containers are gone, so old and new never run together;
    // so does a service the state does not know (an unreadable state file), once its file is read.
    removeFirst(plan.orphans(), plan.orphans());
    plan.adopt().forEach((service, adopt) -> loop.next(loop.existing(service), adopt));
  }

  /** With the spec files read for the first time: see {@link StartPlan#reclaim}. */
  void reclaim(SpecFileEvent.SpecsListed listed) {
    StartPlan.Reclaiming plan = StartPlan.reclaim(heldBack, loop.snapshots().keySet(), listed.present(),
        clock.instant());
    heldBack.clear();
    removeFirst(plan.removals(), plan.removals().stream().filter(r -> plan.waiting().contains(r.service())).toList());
    plan.reclaim().forEach((service, event) -> {
      ServiceRuntime rt = loop.runtime(service);
      rt.file = plan.files().get(service);
      LOG.info("{}: took back its running container {}, made from the spec its file holds", service,
          Container.shortId(event.container().id()));
      loop.next(rt, event);
    });
  }

  /** Removes the leftovers; the services of {@code waitedFor} do no Docker work of their own until theirs are gone. */
  private void removeFirst(List<StartPlan.Removal> removals, List<StartPlan.Removal> waitedFor) {
    waitedFor.forEach(removalsFirst::await);
    leftovers.remove(removals, removal -> {
      removalsFirst.settled(removal);
      ServiceRuntime rt = loop.existing(String.valueOf(removal.service()));
      if (rt != null) {
        loop.sync(rt);
      }
    });
  }
}
