package io.condo.images;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The images Condo used for each service, newest first, and which of them may go
 * ({@code --image-keep N}). Pure: what Docker still runs is checked when one is removed.
 */
public final class ImageHistory {

  /** Images remembered per service at most; with GC running, a list stays near N. */
  static final int MAX_PER_SERVICE = 64;

  private final Map<String, List<String>> used = new TreeMap<>();

  /** {@code image} ran for {@code service} now: it is its newest. Whether anything changed. */
  public boolean used(String service, String image) {
    List<String> images = used.computeIfAbsent(service, s -> new ArrayList<>());
    if (!images.isEmpty() && images.get(0).equals(image)) {
      return false;
    }
    images.remove(image);
    images.add(0, image);
    while (images.size() > MAX_PER_SERVICE) {
      images.remove(images.size() - 1);
    }
    return true;
  }

  /**
   * The images of {@code service} older than its {@code keep} newest that no service keeps among
   * its own newest and none of {@code inUse} is: those Condo may remove, oldest first.
   */
  public List<String> collectable(String service, int keep, Set<String> inUse) {
    Set<String> kept = new HashSet<>(inUse);
    used.values().forEach(images -> kept.addAll(images.subList(0, Math.min(keep, images.size()))));
    List<String> old = new ArrayList<>(used.getOrDefault(service, List.of()));
    List<String> collectable = new ArrayList<>(old.subList(Math.min(keep, old.size()), old.size()).stream()
        .filter(image -> !kept.contains(image)).toList());
    java.util.Collections.reverse(collectable);
    return collectable;
  }

  /** The image is gone from Docker: nothing more to remember of it for this service. */
  public void removed(String service, String image) {
    List<String> images = used.get(service);
    if (images != null) {
      images.remove(image);
    }
  }

  public Map<String, List<String>> asMap() {
    Map<String, List<String>> copy = new TreeMap<>();
    used.forEach((service, images) -> copy.put(service, List.copyOf(images)));
    return copy;
  }

  public static ImageHistory of(Map<String, List<String>> remembered) {
    ImageHistory history = new ImageHistory();
    remembered.forEach((service, images) -> {
      List<String> oldestFirst = new ArrayList<>(images);
      java.util.Collections.reverse(oldestFirst);
      oldestFirst.forEach(image -> history.used(service, image));
    });
    return history;
  }
}
