package io.condo.fleet;

import io.condo.fleet.PeerMessages.Origin;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a message in an instance's name is taken: it comes from a live node, in that node's own
 * name (as the bus says who sent it), for an instance no other live node announced, and within the
 * number of instances one node may speak for. A refusal is said once (bounded), not at every message.
 */
final class PeerAdmission {

  private static final Logger LOG = LoggerFactory.getLogger(PeerAdmission.class);

  private final PeerLedger peers;
  private final int instancesPerNode;
  private final Set<String> refused = Collections.newSetFromMap(new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > 256;
    }
  });

  PeerAdmission(PeerLedger peers, int instancesPerNode) {
    this.peers = peers;
    this.instancesPerNode = instancesPerNode;
  }

  /** @param sender the node the bus says sent it, or null when it cannot say */
  boolean admits(Origin origin, String sender, Predicate<String> live) {
    if (!live.test(origin.node())) {
      return false;
    }
    if (sender != null && !sender.equals(origin.node())) {
      refuse("node " + sender + " sent a message in the name of node " + origin.node());
      return false;
    }
    String holder = peers.nodeOf(origin.instance());
    if (holder != null && !holder.equals(origin.node()) && live.test(holder)) {
      refuse("node " + origin.node() + " spoke for instance " + origin.instance() + ", which node " + holder
          + " announced");
      return false;
    }
    if (holder == null && peers.instancesOn(origin.node()) >= instancesPerNode) {
      refuse("node " + origin.node() + " announced more instances than " + instancesPerNode);
      return false;
    }
    return true;
  }

  private void refuse(String what) {
    if (refused.add(what)) {
      LOG.warn("refused a fleet message: {}", what);
    }
  }
}
