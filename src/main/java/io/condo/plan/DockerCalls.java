package io.condo.plan;

import io.condo.fsm.Action;
import io.condo.fsm.Container;
import java.util.List;

/** The Engine API calls an action is carried out with, in words for {@code condo plan}. */
public final class DockerCalls {

  private DockerCalls() {
  }

  public static List<String> of(Action action) {
    if (action instanceof Action.Create create) {
      return List.of(pull(create.spec().image()),
          "POST /containers/create?name=" + create.name() + " (image " + create.spec().image() + ")");
    }
    if (action instanceof Action.Pull pull) {
      return List.of(pull(pull.spec().image()));
    }
    if (action instanceof Action.Start start) {
      return List.of("POST /containers/" + Container.shortId(start.id()) + "/start");
    }
    if (action instanceof Action.Remove remove) {
      String ref = remove.id() != null ? Container.shortId(remove.id()) : "<each container labelled condo.key=" + remove.key() + ">";
      return List.of("POST /containers/" + ref + "/stop?t=" + remove.stopTimeoutSeconds(),
          "DELETE /containers/" + ref + "?force=true&v=true");
    }
    throw new IllegalArgumentException("unknown action " + action);
  }

  private static String pull(String image) {
    return "POST /images/create?fromImage=" + image + " (only if not present, or :latest)";
  }
}
