package io.infersight.examples.fraud;

import java.util.Locale;

/** What the demo serves ({@code infersight demo --workload}). */
public enum Workload {
  /** {@code /predict}, one request per forward pass (the incident story). */
  FRAUD,
  /** {@code /predict} behind a dynamic batcher: one forward pass for every request that queued up. */
  BATCH,
  /** A small token-generating model on {@code POST /generate}, streamed as server-sent events. */
  GENERATE;

  /** The command-line spelling, for example {@code batch}. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code batch}, {@code BATCH} and the like. */
  public static Workload parse(String s) {
    String n = s == null ? "" : s.trim().toUpperCase(Locale.ROOT);
    for (Workload w : values()) {
      if (w.name().equals(n)) {
        return w;
      }
    }
    throw new IllegalArgumentException("--workload: unknown workload '" + s
        + "'; expected one of fraud, batch, generate");
  }
}
