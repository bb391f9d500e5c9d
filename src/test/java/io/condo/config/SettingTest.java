package io.condo.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one declaration of every setting against what users read: the README's table and conf/condo.json. */
class SettingTest {

  @Test
  void namesFollowFromTheOption() {
    assertEquals("CONDO_CLUSTER_TLS_CERT", Setting.CLUSTER_TLS_CERT.env());
    assertEquals("clusterTlsCert", Setting.CLUSTER_TLS_CERT.key());
    assertEquals("stopContainersOnExit", Setting.STOP_CONTAINERS_ON_EXIT.key());
    assertEquals("--state FILE", Setting.STATE.usage());
  }

  /** The README's option table is this one, row for row; on a mismatch, paste the expected table. */
  @Test
  void theReadmeTableIsTheDeclarations() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    String table = table();
    assertTrue(readme.contains(table), "README.md must hold this option table:\n" + table);
  }

  @Test
  void confCondoJsonShowsTheDefaults() throws Exception {
    JsonObject conf = new JsonObject(Files.readString(Path.of("conf/condo.json")));
    JsonObject expected = new JsonObject();
    for (Setting s : Setting.values()) {
      if (s.key() != null && s.defaultValue() != null) {
        expected.put(s.key(), s.positional() ? new JsonArray().add(s.defaultValue()) : typed(s.defaultValue()));
      }
    }
    assertEquals(expected, conf);
  }

  private static Object typed(String text) {
    if (text.matches("\\d+")) {
      return Integer.parseInt(text);
    }
    return text.equals("true") || text.equals("false") ? Boolean.parseBoolean(text) : text;
  }

  static String table() {
    List<String> rows = new ArrayList<>();
    rows.add("| option | environment | config key | default | what it does |");
    rows.add("|---|---|---|---|---|");
    for (Setting s : Setting.values()) {
      rows.add("| " + code(s.usage()) + " | " + code(s.env()) + " | " + code(s.key()) + " | "
          + (s.defaultValue() == null ? "—" : code(s.defaultValue())) + " | " + s.description() + " |");
    }
    return String.join("\n", rows) + "\n";
  }

  private static String code(String text) {
    return text == null ? "—" : "`" + text + "`";
  }
}
