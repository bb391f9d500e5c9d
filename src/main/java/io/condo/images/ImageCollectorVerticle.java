package io.condo.images;

import io.condo.bus.Addresses;
import io.condo.bus.DockerCommand;
import io.condo.bus.DockerReply;
import io.condo.bus.ImagesRemoved;
import io.condo.bus.Requests;
import io.condo.bus.ServiceTransition;
import io.condo.fsm.Snapshot;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --image-keep N}: per service, keeps the images of the last N specs that ran and removes
 * older ones Condo used for it, one at a time, through the Docker worker, which removes only an
 * image no container (Condo's or anyone's) uses. Images Condo never used are never touched.
 */
public final class ImageCollectorVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ImageCollectorVerticle.class);
  private static final DeliveryOptions REMOVAL = new DeliveryOptions().setSendTimeout(120_000);

  private final int keep;
  private final ImageHistoryFile file;
  private ImageHistory history;
  /** Per service, the images its containers have now: never collected, whatever their age. */
  private final Map<String, Set<String>> running = new HashMap<>();
  private final Queue<String> due = new ArrayDeque<>();
  private boolean removing;

  public ImageCollectorVerticle(int keep, ImageHistoryFile file) {
    this.keep = keep;
    this.file = file;
  }

  @Override
  public Future<?> start() {
    return vertx.executeBlocking(file::load).onSuccess(loaded -> {
      history = loaded;
      vertx.eventBus().<ServiceTransition>localConsumer(Addresses.TRANSITIONS, m -> onTransition(m.body()));
    });
  }

  private void onTransition(ServiceTransition t) {
    if (t.status() == null) {
      running.remove(t.service());
      return;
    }
    Snapshot snapshot = t.status().snapshot();
    running.put(t.service(), protectedImages(snapshot));
    // What the service heads for is its newest image; its containers' images were that once.
    boolean changed = snapshot.desiredSpec() != null && history.used(t.service(), snapshot.desiredSpec().image());
    if (changed) {
      save().onComplete(saved -> collect(t.service()));
    } else if (t.status().snapshot() instanceof Snapshot.Stable) {
      // What a deploy's containers still used when the history changed may go once it is Stable.
      collect(t.service());
    }
  }

  /**
   * Never collected, however old: what the service's containers run, the spec it heads for, and
   * the last good spec a rollback would start again (its container may be gone during a deploy).
   */
  private static Set<String> protectedImages(Snapshot snapshot) {
    Set<String> images = new HashSet<>();
    snapshot.containers().forEach(c -> images.add(c.spec().image()));
    if (snapshot.desiredSpec() != null) {
      images.add(snapshot.desiredSpec().image());
    }
    if (snapshot.lastGood() != null) {
      images.add(snapshot.lastGood().image());
    }
    return images;
  }

  private Future<Void> save() {
    // Copied here, on the event loop that changes it; written on a worker.
    Map<String, List<String>> copy = history.asMap();
    return vertx.executeBlocking(() -> {
      file.write(copy);
      return null;
    }, true).onFailure(e -> LOG.warn("image history {} not saved: {}", file.path(), e.getMessage())).mapEmpty();
  }

  private void collect(String service) {
    if (!due.contains(service)) {
      due.add(service);
    }
    next();
  }

  /** One removal at a time: image removal is slow, and a deploy's own Docker work comes first. */
  private void next() {
    if (removing || due.isEmpty()) {
      return;
    }
    String service = due.peek();
    Set<String> inUse = new HashSet<>();
    running.values().forEach(inUse::addAll);
    List<String> collectable = history.collectable(service, keep, inUse);
    if (collectable.isEmpty()) {
      due.poll();
      next();
      return;
    }
    String image = collectable.get(0);
    removing = true;
    Requests.ask(vertx.eventBus(), Addresses.DOCKER, new DockerCommand.RemoveImage(service, image), REMOVAL)
        .onComplete(answer -> {
          removing = false;
          if (answer.succeeded()) {
            onRemoval(service, image, answer.result().outcome());
          } else {
            LOG.warn("image GC: {} of service {} not removed: {}", image, service,
                answer.cause() == null ? "no answer" : answer.cause().getMessage());
            due.poll();
          }
          next();
        });
  }

  private void onRemoval(String service, String image, DockerReply.ImageRemoval.Outcome outcome) {
    switch (outcome) {
      case REMOVED -> {
        LOG.info("image GC: removed {} (service {}; keeping its {} newest)", image, service, keep);
        vertx.eventBus().send(Addresses.IMAGES_REMOVED, new ImagesRemoved(service, 1));
        history.removed(service, image);
        save();
      }
      case ABSENT -> {
        history.removed(service, image);
        save();
      }
      case IN_USE -> {
        // A container still uses it: tried again when the service next changes.
        LOG.info("image GC: {} of service {} is still used by a container; kept", image, service);
        due.poll();
      }
    }
  }
}
