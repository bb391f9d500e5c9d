package io.condo.docker;

/**
 * The name of an Engine API call for metrics ({@code create}, {@code start}, {@code inspect}…):
 * a small fixed set, never an id or a name from the path. And whether an answer is a failure of
 * the call, as opposed to an answer the caller expects (a 404 for "is it there?", "already gone").
 */
final class DockerOperation {

  private DockerOperation() {
  }

  static String of(String method, String path) {
    String p = path.replaceFirst("^/v[0-9.]+", "");
    int query = p.indexOf('?');
    if (query >= 0) {
      p = p.substring(0, query);
    }
    if (p.equals("/version") || p.equals("/_ping")) {
      return "version";
    }
    if (p.equals("/events")) {
      return "events";
    }
    if (p.equals("/images/create")) {
      return "pull";
    }
    if (p.startsWith("/images/") && method.equals("DELETE")) {
      return "image_remove";
    }
    if (p.startsWith("/images/")) {
      return "image_inspect";
    }
    if (p.equals("/containers/create")) {
      return "create";
    }
    if (p.equals("/containers/json")) {
      return "list";
    }
    if (p.startsWith("/containers/")) {
      if (method.equals("DELETE")) {
        return "remove";
      }
      if (p.endsWith("/start")) {
        return "start";
      }
      if (p.endsWith("/stop")) {
        return "stop";
      }
      if (p.endsWith("/json")) {
        return "inspect";
      }
    }
    return "other";
  }

  static boolean isFailure(String operation, int status) {
    if (status < 400) {
      return false;
    }
    return switch (operation) {
      case "inspect", "image_inspect", "stop" -> status != 404;
      case "remove" -> status != 404 && status != 409;
      default -> true;
    };
  }
}
