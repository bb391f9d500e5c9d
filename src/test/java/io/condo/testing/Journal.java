package io.condo.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * What a verticle under test did, in the order it did it, as the fakes around it saw: Docker
 * commands, saves that reached disk, messages sent to peers. One list, so that order across kinds
 * ("saved before created") can be asserted.
 */
public final class Journal {

  private final List<Object> entries = new ArrayList<>();

  public synchronized void add(Object entry) {
    entries.add(entry);
  }

  public synchronized List<Object> entries() {
    return List.copyOf(entries);
  }

  /** The entries of one type, in order. */
  public synchronized <T> List<T> of(Class<T> type) {
    return entries.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** Where the first entry that matches is, or -1. */
  public synchronized int indexOf(Predicate<Object> wanted) {
    for (int i = 0; i < entries.size(); i++) {
      if (wanted.test(entries.get(i))) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public synchronized String toString() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < entries.size(); i++) {
      text.append(i).append(": ").append(entries.get(i)).append('\n');
    }
    return text.toString();
  }
}
