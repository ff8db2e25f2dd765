package io.infersight.examples.fraud;

import java.util.Locale;

/** The fault switches of the demo. */
public enum Scenario {
  /** Everything works. */
  HEALTHY,
  /** The incident of the story: cache hit rate collapses, features go hours stale, drift follows. */
  CACHE_OUTAGE,
  /** A third of forward passes take 200-400 ms longer. */
  SLOW_MODEL,
  /** 15% of forward passes fail. */
  ERRORS;

  /** The command-line spelling, for example {@code cache-outage}. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Parses {@code cache-outage}, {@code CACHE_OUTAGE} and the like. */
  public static Scenario parse(String s) {
    String n = s.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (Scenario sc : values()) {
      if (sc.name().equals(n)) {
        return sc;
      }
    }
    throw new IllegalArgumentException("unknown scenario '" + s
        + "'; expected one of healthy, cache-outage, slow-model, errors");
  }
}
