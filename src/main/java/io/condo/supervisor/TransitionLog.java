package io.condo.supervisor;

import io.condo.fsm.Container;
import io.condo.fsm.Snapshot;
import io.condo.fsm.Snapshot.Stable;
import io.condo.fsm.Snapshot.TryAgain;
import io.condo.fsm.Snapshot.TryAgainNext;
import io.condo.fsm.Snapshot.Wait;
import io.condo.fsm.Snapshot.WaitNext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One log line per transition: service, from → to, containers and images, and any error. */
final class TransitionLog {

  private static final Logger LOG = LoggerFactory.getLogger("condo.transitions");

  private TransitionLog() {
  }

  static void log(String service, Snapshot from, Snapshot to) {
    if (!changedVisibly(from, to)) {
      return;
    }
    String line = service + ": " + from.stateName() + " → " + to.stateName() + describe(to);
    if (to instanceof TryAgain || to instanceof TryAgainNext
        || to instanceof Stable stable && stable.problem() != null) {
      LOG.warn(line);
    } else {
      LOG.info(line);
    }
  }

  /** Filling in an id or a deadline is book-keeping, not news. */
  private static boolean changedVisibly(Snapshot from, Snapshot to) {
    if (from.getClass() != to.getClass()) {
      return true;
    }
    if (to instanceof Stable a && from instanceof Stable b) {
      return !java.util.Objects.equals(a.problem(), b.problem());
    }
    if (to instanceof WaitNext a && from instanceof WaitNext b) {
      return !a.next().key().equals(b.next().key());
    }
    if (to instanceof Wait a && from instanceof Wait b) {
      return !a.current().key().equals(b.current().key());
    }
    return false;
  }

  private static String describe(Snapshot s) {
    if (s instanceof Wait w) {
      return " " + container(w.current());
    }
    if (s instanceof Stable st) {
      return " " + container(st.current()) + (st.problem() != null ? ": " + st.problem() : "");
    }
    if (s instanceof WaitNext w) {
      return " " + container(w.stable()) + " → " + container(w.next());
    }
    if (s instanceof TryAgain t) {
      return " " + t.spec().image() + ": " + t.error() + " (retry at " + t.retryAt() + ")";
    }
    if (s instanceof TryAgainNext t) {
      return " " + container(t.stable()) + " → " + t.spec().image() + ": " + t.error()
          + " (retry at " + t.retryAt() + ")";
    }
    return "";
  }

  private static String container(Container c) {
    return c.name() + (c.id() != null ? " (" + c.id().substring(0, Math.min(12, c.id().length())) + ")" : "")
        + " " + c.spec().image();
  }
}
