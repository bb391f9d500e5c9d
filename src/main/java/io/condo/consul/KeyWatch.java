package io.condo.consul;

import io.condo.fsm.Backoff;
import io.vertx.core.Vertx;
import io.vertx.ext.consul.BlockingQueryOptions;
import io.vertx.ext.consul.ConsulClient;
import io.vertx.ext.consul.KeyValueList;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Follows the keys under a prefix with Consul's blocking queries: each request waits until the
 * keys change (or a minute passes) and is answered with all of them. No polling: an idle fleet
 * costs one open request. The index starts over when Consul's goes backwards (a restarted agent).
 */
final class KeyWatch {

  static final Duration WAIT = Duration.ofSeconds(60);

  private final Vertx vertx;
  private final ConsulClient consul;
  private final String prefix;
  private final Consumer<KeyValueList> changed;
  private final Backoff.Retries retries = Backoff.CONSUL.retries();
  private boolean stopped;

  /** @param consul a client whose timeout outlasts {@link #WAIT} */
  KeyWatch(Vertx vertx, ConsulClient consul, String prefix, Consumer<KeyValueList> changed) {
    this.vertx = vertx;
    this.consul = consul;
    this.prefix = prefix;
    this.changed = changed;
  }

  void start() {
    next(0);
  }

  void stop() {
    stopped = true;
  }

  private void next(long index) {
    if (stopped) {
      return;
    }
    BlockingQueryOptions wait = new BlockingQueryOptions().setIndex(index).setWait(WAIT.toSeconds() + "s");
    consul.getValuesWithOptions(prefix, wait).onSuccess(list -> {
      retries.succeeded();
      changed.accept(list);
      next(list.getIndex() < index ? 0 : list.getIndex());
    }).onFailure(e -> vertx.setTimer(retries.failed().toMillis(), id -> next(0)));
  }
}
