package io.condo.docker;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Whether a failed pull is the registry refusing (no credentials, or wrong ones), told by the
 * daemon's words, which are all it gives (a 500 with the registry's text); and the error an
 * operator reads when a registry wants credentials Condo was not given.
 */
final class RegistryRefusal {

  private RegistryRefusal() {
  }

  static boolean isRefusal(String dockerSays) {
    String text = String.valueOf(dockerSays).toLowerCase(Locale.ROOT);
    return text.contains("no basic auth credentials") || text.contains("unauthorized")
        || text.contains("authentication required") || text.contains("denied: requested access");
  }

  static String noCredentials(String registry, Path file, String fileProblem, String dockerSays) {
    String where = file == null ? "" : " in " + file + (fileProblem == null ? "" : " (" + fileProblem + ")");
    return "no credentials for " + registry + where + "; Docker: " + dockerSays;
  }
}
