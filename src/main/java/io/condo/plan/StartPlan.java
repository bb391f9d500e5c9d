package io.condo.plan;

import io.condo.bus.DockerReply.ContainerStatus;
import io.condo.fsm.Action;
import io.condo.fsm.Container;
import io.condo.fsm.Event;
import io.condo.fsm.Health;
import io.condo.fsm.Snapshot;
import io.condo.bus.SpecFileEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What Condo decides when it starts and whenever it looks for leftovers: the restart row of
 * SPEC §3 as data. Pure: from the snapshots of the state file, the containers Docker reports as
 * this instance's, and (for reclaim) the first reading of the spec files, to the events each
 * service's state machine gets and the containers that are removed, and which service waits for
 * which removals before its own work (so old and new never run together).
 */
public final class StartPlan {

  private StartPlan() {
  }

  /** The stop timeout a leftover's removal gives it: its spec is not known. */
  public static final int LEFTOVER_STOP_TIMEOUT = 10;

  /** A container of this instance to remove (by id: never by name); {@code service} may be null. */
  public record Removal(String service, String id) {

    public Action.Remove action() {
      return new Action.Remove(id, null, LEFTOVER_STOP_TIMEOUT);
    }
  }

  /**
   * @param adopt for every service of the state file, what Docker has of its containers
   * @param orphans containers no snapshot holds: removed before their service's own work
   * @param heldBack containers of services the state does not know, made from a known spec
   *     hash and running healthy: kept until the spec files are read (see {@link #reclaim})
   */
  public record Adoption(Map<String, Event.Adopt> adopt, List<Removal> orphans,
                         Map<String, List<ContainerStatus>> heldBack) {
  }

  /**
   * @param reclaim services without a snapshot that take back their running container
   * @param files the file of each reclaimed service
   * @param removals every other container held back, now removed
   * @param waiting services whose own work waits for their removals (those known or with a file)
   */
  public record Reclaiming(Map<String, Event.Reclaim> reclaim, Map<String, String> files, List<Removal> removals,
                           Set<String> waiting) {
  }

  public static Adoption adopt(Map<String, Snapshot> snapshots, List<ContainerStatus> owned) {
    Map<String, Map<String, Event.Seen>> seen = new HashMap<>();
    for (ContainerStatus c : owned) {
      Map<String, Event.Seen> byRef = seen.computeIfAbsent(String.valueOf(c.service()), s -> new HashMap<>());
      Event.Seen one = new Event.Seen(c.id(), c.key(), c.health(), c.detail());
      byRef.put(c.id(), one);
      if (c.key() != null) {
        byRef.put(c.key(), one);
      }
    }
    Map<String, Event.Adopt> adopt = new TreeMap<>();
    snapshots.keySet().forEach(service -> adopt.put(service, new Event.Adopt(seen.getOrDefault(service, Map.of()))));
    // A running container of a service the state does not know (an unreadable state file) may be
    // taken back once the spec files are read, if it was made from exactly the file's spec.
    Map<String, List<ContainerStatus>> heldBack = new TreeMap<>();
    for (ContainerStatus c : owned) {
      if (c.service() != null && c.key() != null && c.specHash() != null && c.health() == Health.HEALTHY
          && !snapshots.containsKey(c.service())) {
        heldBack.computeIfAbsent(c.service(), s -> new ArrayList<>()).add(c);
      }
    }
    return new Adoption(adopt, orphans(snapshots.values(), heldBack, owned), heldBack);
  }

  /**
   * Every container of this instance that no snapshot holds (by id or by key) and that is not held
   * back: those of services deleted while Condo was down, a create whose answer was lost, removals
   * that failed. One already gone (removed between Docker's list and its inspect) is left out.
   */
  public static List<Removal> orphans(Collection<Snapshot> snapshots, Map<String, List<ContainerStatus>> heldBack,
                                      List<ContainerStatus> owned) {
    Set<String> referenced = new HashSet<>();
    for (Snapshot snapshot : snapshots) {
      for (Container c : snapshot.containers()) {
        referenced.add(c.key());
        if (c.id() != null) {
          referenced.add(c.id());
        }
      }
    }
    heldBack.values().forEach(list -> list.forEach(c -> referenced.add(c.id())));
    List<Removal> orphans = new ArrayList<>();
    for (ContainerStatus c : owned) {
      if (c.health() != Health.GONE && !referenced.contains(c.id())
          && (c.key() == null || !referenced.contains(c.key()))) {
        orphans.add(new Removal(c.service(), c.id()));
      }
    }
    return orphans;
  }

  /**
   * With the spec files read for the first time: a service without a snapshot whose running
   * container was made from exactly its file's spec keeps that container (Stable, no restart);
   * every other container held back is removed, before its service's own work.
   *
   * @param known the services that have a snapshot now
   */
  public static Reclaiming reclaim(Map<String, List<ContainerStatus>> heldBack, Set<String> known,
                                   List<SpecFileEvent> present, Instant now) {
    Map<String, Event.Reclaim> reclaim = new LinkedHashMap<>();
    Map<String, String> files = new HashMap<>();
    Set<String> taken = new HashSet<>();
    for (SpecFileEvent entry : present) {
      List<ContainerStatus> candidates = heldBack.getOrDefault(entry.service(), List.of());
      if (entry instanceof SpecFileEvent.SpecUpdated updated && !known.contains(updated.service())) {
        candidates.stream().filter(c -> c.specHash().equals(updated.spec().bodyHash())).findFirst().ifPresent(c -> {
          taken.add(c.id());
          files.put(updated.service(), updated.file().toString());
          reclaim.put(updated.service(), new Event.Reclaim(new Container(c.id(), c.key(), c.name(), updated.spec(),
              now, null)));
        });
      }
    }
    Set<String> withFile = new HashSet<>();
    present.forEach(e -> withFile.add(e.service()));
    List<Removal> removals = new ArrayList<>();
    Set<String> waiting = new TreeSet<>();
    heldBack.forEach((service, list) -> list.stream().filter(c -> !taken.contains(c.id())).forEach(c -> {
      removals.add(new Removal(service, c.id()));
      if (known.contains(service) || reclaim.containsKey(service) || withFile.contains(service)) {
        waiting.add(service);
      }
    }));
    return new Reclaiming(reclaim, files, removals, waiting);
  }
}
