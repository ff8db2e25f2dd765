package io.infersight.examples.fraud;

import java.util.Locale;

/**
 * Which observer the demo's {@code /predict} runs under: every pillar (the default), or
 * {@code InferenceObserver.noop()}, the baseline of the whole-server benchmark
 * ({@code benchmarks/}, "whole server").
 */
public enum ObserverMode {
  /** Metrics, tracing, logging, drift and GPU listeners, as the demo is configured. */
  DEFAULT,
  /** {@code InferenceObserver.noop()}: the same server and model with no instrumentation. */
  NOOP;

  /** The command-line spelling, for example {@code noop}. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code noop}, {@code DEFAULT} and the like. */
  public static ObserverMode parse(String s) {
    String n = s.trim().toUpperCase(Locale.ROOT);
    for (ObserverMode m : values()) {
      if (m.name().equals(n)) {
        return m;
      }
    }
    throw new IllegalArgumentException("--observer must be default or noop, was '" + s + "'");
  }
}
