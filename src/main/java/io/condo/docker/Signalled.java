package io.condo.docker;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Containers somebody sent a signal to and that have not died or started since, with the signal.
 * Bounded: a flood of kill events can only push out the oldest, never grow the map.
 */
final class Signalled {

  private static final int MAX = 1024;

  private final Map<String, String> signals = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > MAX;
    }
  };

  void add(String id, String signal) {
    signals.put(id, signal.length() > 16 ? signal.substring(0, 16) : signal);
  }

  /** The signal sent to {@code id} since it last started, or null; forgotten either way. */
  String forget(String id) {
    return signals.remove(id);
  }
}
