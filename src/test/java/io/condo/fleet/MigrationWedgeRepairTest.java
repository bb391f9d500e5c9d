package io.condo.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.internal.partition.impl.InternalPartitionServiceImpl;
import io.condo.it.harness.FreePorts;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The wedge Hazelcast leaves after a migration cut off by a freeze, made by hand on a real member:
 * a partition marked migrating with no migration behind it, and the promotion permit held by the
 * promotion that failed on it. While both stay, every promotion is refused, the migration thread
 * waits on it, and the merge never freezes the cluster state (seen in a thawed member's log).
 */
class MigrationWedgeRepairTest {

  static final Duration PATIENCE = Duration.ofSeconds(15);

  HazelcastInstance hazelcast;
  InternalPartitionServiceImpl partitions;

  @BeforeEach
  void member() {
    Config config = new Config().setClusterName("wedge-" + UUID.randomUUID());
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.getNetworkConfig().setPort(FreePorts.next()).setPortAutoIncrement(false);
    config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
    config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
    config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    config.getJetConfig().setEnabled(false);
    hazelcast = Hazelcast.newHazelcastInstance(config);
    hazelcast.getMap("m").put("k", "v");
    partitions = ((HazelcastInstanceProxy) hazelcast).getOriginal().node.partitionService;
  }

  @AfterEach
  void shutdown() {
    hazelcast.shutdown();
  }

  @Test
  void aFlagLeftByACutOffMigrationIsClearedAfterThePatienceAndTheMergeCanProceed() {
    MigrationWedgeRepair repair = new MigrationWedgeRepair(hazelcast, PATIENCE);
    assertTrue(partitions.getPartitionStateManager().trySetMigratingFlag(7));
    assertTrue(partitions.getMigrationManager().acquirePromotionPermit());
    assertFalse(partitions.getMigrationManager().acquirePromotionPermit(), "the wedge: no promotion may run");

    assertEquals(Set.of(), repair.check(0));
    assertEquals(Set.of(), repair.check(PATIENCE.toMillis() - 1), "a real migration may take a moment");
    assertEquals(Set.of(7), repair.check(PATIENCE.toMillis()));

    assertFalse(partitions.getPartitionStateManager().isMigrating(7));
    assertTrue(partitions.getMigrationManager().acquirePromotionPermit(), "the next promotion may run");
    partitions.getMigrationManager().releasePromotionPermit();
  }

  @Test
  void aFlagWithNoWedgeIsLeftAlone() {
    MigrationWedgeRepair repair = new MigrationWedgeRepair(hazelcast, PATIENCE);
    assertEquals(Set.of(), repair.check(0));
    assertEquals(Set.of(), repair.check(PATIENCE.toMillis() * 2));
    assertTrue(partitions.getMigrationManager().acquirePromotionPermit(), "nothing held the permit");
    partitions.getMigrationManager().releasePromotionPermit();
  }
}
