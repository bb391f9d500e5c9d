package io.condo.fleet;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * Whether a decoded JSON value, written out, stays within a number of characters: a walk that
 * stops as soon as the budget is spent, so a peer's oversized message costs no more than the
 * budget to refuse.
 */
final class JsonBudget {

  private static final int MAX_DEPTH = 16;

  private JsonBudget() {
  }

  static boolean fits(Object value, int budget) {
    return left(value, budget, 0) >= 0;
  }

  private static int left(Object value, int left, int depth) {
    if (left < 0 || depth > MAX_DEPTH) {
      return -1;
    }
    Object v = value instanceof JsonObject o ? o.getMap() : value instanceof JsonArray a ? a.getList() : value;
    if (v instanceof String s) {
      return left - s.length() - 2;
    }
    if (v instanceof Map<?, ?> map) {
      left -= 2;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        left = left(e.getValue(), left - String.valueOf(e.getKey()).length() - 4, depth + 1);
        if (left < 0) {
          return -1;
        }
      }
      return left;
    }
    if (v instanceof List<?> list) {
      left -= 2;
      for (Object item : list) {
        left = left(item, left - 1, depth + 1);
        if (left < 0) {
          return -1;
        }
      }
      return left;
    }
    return left - 24; // a number, a boolean, null
  }
}
