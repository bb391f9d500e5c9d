package io.condo.fleet;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.internal.partition.impl.InternalPartitionServiceImpl;
import com.hazelcast.internal.partition.impl.MigrationManager;
import com.hazelcast.internal.partition.impl.PartitionStateManager;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Un-wedges a member that Hazelcast (5.3) leaves unable to merge. A member frozen or cut off in the
 * middle of a partition migration keeps that partition's "migrating" flag set, and nobody is left to
 * clear it. When the member then takes over the partitions, the promotion of that one fails before
 * it reports back, so the promotion never completes and keeps its permit; every later promotion is
 * refused ("Another promotion is being run currently") and the split-brain merge waits forever for
 * migrations to end ("Still have pending migration tasks, cannot lock cluster state"). The member
 * never rejoins its fleet. Seen on a thawed member right after another member left.
 *
 * <p>A flag with no migration behind it for {@link #PATIENCE} is cleared and the permit released,
 * so the promotion Hazelcast keeps retrying runs, the partition table settles and the merge goes
 * on. Reaches into Hazelcast's internals, which are pinned with the version; a test shows the
 * repair against a real Hazelcast member.
 */
public final class MigrationWedgeRepair {

  private static final Logger LOG = LoggerFactory.getLogger(MigrationWedgeRepair.class);

  /** Far longer than a real migration or promotion of Condo's few small maps (milliseconds). */
  public static final Duration PATIENCE = Duration.ofSeconds(15);
  public static final long CHECK_EVERY_MILLIS = 5_000;

  private final InternalPartitionServiceImpl partitions;
  private final StaleMigrations stale;

  MigrationWedgeRepair(HazelcastInstance hazelcast, Duration patience) {
    this.partitions = ((HazelcastInstanceProxy) hazelcast).getOriginal().node.partitionService;
    this.stale = new StaleMigrations(patience);
  }

  public static MigrationWedgeRepair of(HazelcastInstance hazelcast) {
    return new MigrationWedgeRepair(hazelcast, PATIENCE);
  }

  /** One look; clears what has been stuck for the whole patience. @return the partitions cleared */
  public Set<Integer> check(long nowMillis) {
    PartitionStateManager states = partitions.getPartitionStateManager();
    MigrationManager migrations = partitions.getMigrationManager();
    Set<Integer> orphaned = new HashSet<>();
    for (int p = 0; p < partitions.getPartitionCount(); p++) {
      if (states.isMigrating(p) && migrations.getActiveMigration(p) == null) {
        orphaned.add(p);
      }
    }
    Set<Integer> due = stale.observe(orphaned, nowMillis);
    if (due.isEmpty()) {
      return due;
    }
    due.forEach(states::clearMigratingFlag);
    migrations.releasePromotionPermit();
    stale.cleared(due);
    LOG.warn("fleet membership: {} partition(s) stayed marked as migrating for {} s with no migration running "
        + "(one cut off by a freeze or a split); cleared so that this member can take them over and merge "
        + "with its fleet again", due.size(), stale.patienceSeconds());
    return due;
  }
}
