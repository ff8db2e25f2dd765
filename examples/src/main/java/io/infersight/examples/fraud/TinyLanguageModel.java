package io.infersight.examples.fraud;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The {@code generate} workload's model: a toy that "tokenizes" a prompt into words, spends a
 * prefill time that grows with the prompt, then emits words one by one at a steady decode pace.
 * Deterministic in its text (seeded by the prompt), realistic in its timing: prefill decides the
 * time to first token, decode the time per output token.
 */
final class TinyLanguageModel {
  static final String NAME = "tiny-lm";
  static final String VERSION = "0.1.0";
  static final long PREFILL_BASE_MICROS = 15_000;
  static final long PREFILL_PER_TOKEN_MICROS = 200;
  static final long DECODE_MICROS = 12_000;
  private static final String[] VOCABULARY = {
    "the", "model", "serves", "tokens", "quickly", "and", "every", "request", "streams", "its",
    "answer", "while", "metrics", "traces", "logs", "follow", "along", "batch", "queue", "first"
  };

  private final Faults faults;

  TinyLanguageModel(Faults faults) {
    this.faults = faults;
  }

  /** The prompt's tokens (whitespace-separated words). */
  static String[] tokenize(String prompt) {
    String trimmed = prompt == null ? "" : prompt.trim();
    return trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
  }

  /** Reads the prompt (prefill), then emits up to {@code maxTokens} tokens to {@code out}. */
  void generate(String[] prompt, int maxTokens, Consumer<String> out) {
    LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(PREFILL_BASE_MICROS
        + PREFILL_PER_TOKEN_MICROS * prompt.length) + faults.prefillDelayNanos());
    int seed = String.join(" ", prompt).hashCode();
    for (int i = 0; i < maxTokens; i++) {
      if (i > 0) {
        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(DECODE_MICROS
            + ThreadLocalRandom.current().nextInt(2_000)));
      }
      out.accept(VOCABULARY[Math.floorMod(seed + i * 7919, VOCABULARY.length)]);
    }
  }
}
