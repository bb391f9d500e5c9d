package io.condo.spec;

/**
 * How a new version replaces the old one: {@code [:Before]} stops the old container first,
 * {@code [:After n]} starts the new one beside it and retires the old one {@code n} seconds after
 * the new one is healthy.
 */
public record Deploy(Strategy strategy, int afterSeconds) {

  public enum Strategy { BEFORE, AFTER }

  public static final Deploy BEFORE = new Deploy(Strategy.BEFORE, 0);

  public static Deploy after(int seconds) {
    return new Deploy(Strategy.AFTER, seconds);
  }

  public boolean isAfter() {
    return strategy == Strategy.AFTER;
  }

  @Override
  public String toString() {
    return isAfter() ? "[:After " + afterSeconds + "]" : "[:Before]";
  }
}
