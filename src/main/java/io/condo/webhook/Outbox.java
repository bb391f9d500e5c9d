package io.condo.webhook;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The events each receiver has yet to acknowledge, oldest first. Pure: the journal that makes it
 * survive a crash is {@link OutboxFile}. Bounded: past {@link #MAX_PER_RECEIVER} a receiver's
 * oldest event is dropped, so a receiver gone for good costs at most that much memory and disk.
 */
final class Outbox {

  static final int MAX_PER_RECEIVER = 10_000;

  /** One event to deliver: {@code seq} orders events across receivers, {@code body} is the exact bytes signed and sent. */
  record Pending(long seq, String id, String service, long addedAtMillis, String body) {
  }

  /** An event a receiver will never get: the outbox was full. */
  record Dropped(String receiver, Pending pending) {
  }

  private final int maxPerReceiver;
  private final Map<String, LinkedHashMap<String, Pending>> queues = new LinkedHashMap<>();

  Outbox(Collection<String> receivers) {
    this(receivers, MAX_PER_RECEIVER);
  }

  Outbox(Collection<String> receivers, int maxPerReceiver) {
    this.maxPerReceiver = maxPerReceiver;
    receivers.forEach(r -> queues.put(r, new LinkedHashMap<>()));
  }

  Collection<String> receivers() {
    return queues.keySet();
  }

  /** Queued for every receiver in {@code to} that this outbox serves; what had to make room is returned. */
  List<Dropped> add(Pending pending, Collection<String> to) {
    List<Dropped> dropped = new ArrayList<>();
    for (String receiver : to) {
      LinkedHashMap<String, Pending> queue = queues.get(receiver);
      if (queue == null || queue.containsKey(pending.id())) {
        continue;
      }
      queue.put(pending.id(), pending);
      while (queue.size() > maxPerReceiver) {
        Iterator<Pending> oldest = queue.values().iterator();
        dropped.add(new Dropped(receiver, oldest.next()));
        oldest.remove();
      }
    }
    return dropped;
  }

  /** The oldest event {@code receiver} has yet to get, or null. */
  Pending head(String receiver) {
    LinkedHashMap<String, Pending> queue = queues.get(receiver);
    return queue == null || queue.isEmpty() ? null : queue.values().iterator().next();
  }

  /** Delivered, or given up on: whether it was still queued. */
  boolean done(String receiver, String id) {
    LinkedHashMap<String, Pending> queue = queues.get(receiver);
    return queue != null && queue.remove(id) != null;
  }

  int size(String receiver) {
    LinkedHashMap<String, Pending> queue = queues.get(receiver);
    return queue == null ? 0 : queue.size();
  }

  /** Events queued, summed over receivers. */
  int size() {
    return queues.values().stream().mapToInt(Map::size).sum();
  }

  /** Every queued event once, in the order they were added, with the receivers still to get it; a copy. */
  Map<Pending, List<String>> byEvent() {
    Map<Long, Pending> bySeq = new java.util.TreeMap<>();
    Map<Long, List<String>> to = new java.util.HashMap<>();
    queues.forEach((receiver, queue) -> queue.values().forEach(p -> {
      bySeq.putIfAbsent(p.seq(), p);
      to.computeIfAbsent(p.seq(), s -> new ArrayList<>()).add(receiver);
    }));
    Map<Pending, List<String>> ordered = new LinkedHashMap<>();
    bySeq.forEach((seq, p) -> ordered.put(p, to.get(seq)));
    return ordered;
  }
}
