package io.condo.self;

import io.condo.rollout.EntrySeal;

/**
 * Seals and opens the entries of the fleet's self-deploy roll (see {@link EntrySeal}): an entry is
 * believed only when sealed with the fleet's roll key for the instance it is filed under.
 */
final class RollSeal {

  private final EntrySeal seal;

  /** An entry that opened, or why it did not. */
  record Opened(RollEntry entry, String why) {

    static Opened ok(RollEntry entry) {
      return new Opened(entry, null);
    }

    static Opened no(String why) {
      return new Opened(null, why);
    }
  }

  /** @param key the fleet's roll key, or null when the fleet has no secret */
  RollSeal(byte[] key) {
    this.seal = new EntrySeal(key, "condo.self-roll/v2");
  }

  String seal(RollEntry entry) {
    return seal.seal(entry.instance(), entry.toText());
  }

  /** @param stored whatever stands under {@code mapKey}: anyone who joined may have put it there */
  Opened open(Object mapKey, Object stored) {
    EntrySeal.Opened opened = seal.open(mapKey, stored);
    if (opened.text() == null) {
      return Opened.no(opened.why());
    }
    RollEntry entry = RollEntry.parse(opened.text());
    return entry != null && entry.instance().equals(mapKey) ? Opened.ok(entry) : Opened.no("malformed");
  }
}
