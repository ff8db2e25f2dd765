package io.infersight.core;

import org.jspecify.annotations.Nullable;

/**
 * The token stream of a generative request: when its first output left, how many tokens it read
 * and wrote, when generation ended. One per {@link Inference}, made by {@link #of(Inference)};
 * listeners read it at the request's end.
 *
 * <pre>{@code
 * try (Inference inf = observer.start(correlationId)) {
 *   Generation gen = Generation.of(inf).inputTokens(prompt.length);
 *   for (Chunk c : model.stream(prompt)) {   // each chunk of tokens, as it is sent
 *     send(c);
 *     gen.output(c.tokenCount());
 *   }
 *   gen.end();
 * }
 * }</pre>
 *
 * <p>Times follow the OpenTelemetry GenAI conventions: time to first token runs from the
 * request's start to the first {@link #output} (or {@link #firstOutput()}); time per output token
 * is the time from the first output to the end of generation ({@link #end()}, or the request's
 * end when not called) divided by the output tokens after the first. Calls after the request
 * closed record nothing; a negative token count is counted under {@code
 * infersight.invalid.observations{kind="token_count"}} and ignored. Like its request, a generation
 * may move between threads but must not be used by two at once.
 *
 * @since 0.3.0
 */
public final class Generation {
  /** The {@code gen_ai.operation.name} of a generation that names none. */
  public static final String DEFAULT_OPERATION = "text_completion";
  /** The {@code kind} of {@code infersight.invalid.observations} for a negative token count. */
  public static final String INVALID_TOKEN_COUNT = "token_count";

  private static final Generation NOOP = new Generation(null);

  private final @Nullable Inference inference;
  private String operation = DEFAULT_OPERATION;
  private long inputTokens = -1;
  private long outputTokens;
  private long chunks;
  private boolean firstOutputSeen;
  private long firstOutputNanos;
  private boolean ended;
  private long endNanos;

  private Generation(@Nullable Inference inference) {
    this.inference = inference;
  }

  /**
   * The generation of {@code inference}, made on first call. For the no-op inference (or {@code
   * null}) a generation that records nothing.
   */
  public static Generation of(@Nullable Inference inference) {
    if (!(inference instanceof RecordingInference recording)) {
      return NOOP;
    }
    Generation g = recording.generation();
    if (g == null) {
      g = new Generation(recording);
      recording.generation(g);
    }
    return g;
  }

  private boolean recording() {
    return inference != null && !inference.isClosed();
  }

  private long now() {
    return inference.observer().clock().nanoTime();
  }

  /**
   * The operation, as {@code gen_ai.operation.name} on spans ({@code chat}, {@code
   * text_completion}, ...). Default {@value #DEFAULT_OPERATION}; {@code null} is ignored.
   */
  public Generation operation(@Nullable String name) {
    if (recording() && name != null) {
      operation = name;
    }
    return this;
  }

  /** The number of tokens the model read (the prompt). */
  public Generation inputTokens(long tokens) {
    if (!recording()) {
      return this;
    }
    if (tokens < 0) {
      InferenceBatch.invalid(inference.observer(), INVALID_TOKEN_COUNT);
      return this;
    }
    inputTokens = tokens;
    return this;
  }

  /** Marks the first output as sent now, when it is not marked yet; counts no token. */
  public Generation firstOutput() {
    if (recording() && !firstOutputSeen) {
      firstOutputNanos = now();
      firstOutputSeen = true;
    }
    return this;
  }

  /**
   * One output chunk of {@code tokens} tokens, sent now. The first chunk marks the first output
   * (unless {@link #firstOutput()} did).
   */
  public Generation output(int tokens) {
    if (!recording()) {
      return this;
    }
    if (tokens < 0) {
      InferenceBatch.invalid(inference.observer(), INVALID_TOKEN_COUNT);
      return this;
    }
    if (!firstOutputSeen) {
      firstOutputNanos = now();
      firstOutputSeen = true;
    }
    outputTokens += tokens;
    chunks++;
    return this;
  }

  /** Marks the end of generation (the last token) as now; the first call wins. */
  public Generation end() {
    if (recording() && !ended) {
      endNanos = now();
      ended = true;
    }
    return this;
  }

  // ---- what listeners read ----------------------------------------------------------------

  /** The operation name ({@code gen_ai.operation.name}). */
  public String operation() {
    return operation;
  }

  /** Input tokens, or -1 when not reported. */
  public long inputTokens() {
    return inputTokens;
  }

  /** Output tokens reported so far. */
  public long outputTokens() {
    return outputTokens;
  }

  /** Output chunks reported so far. */
  public long chunks() {
    return chunks;
  }

  /** Whether the first output was sent. */
  public boolean firstOutputSent() {
    return firstOutputSeen;
  }

  /** Time from the request's start to the first output in nanoseconds, or -1 when none was sent. */
  public long timeToFirstOutputNanos() {
    return firstOutputSeen ? firstOutputNanos - inference.startNanos() : -1;
  }

  /**
   * The end of generation on the observer's clock: {@link #end()}'s time, else the request's end
   * once closed; -1 while neither is known.
   */
  public long endNanos() {
    if (ended) {
      return endNanos;
    }
    return inference != null && inference.isClosed() ? inference.endNanos() : -1;
  }

  /**
   * Time per output token after the first, in nanoseconds (fractional): from the first output to
   * the end of generation, divided by {@code outputTokens() - 1}. NaN when fewer than two tokens
   * were sent or the end is not known yet.
   */
  public double timePerOutputTokenNanos() {
    long end = endNanos();
    if (!firstOutputSeen || outputTokens < 2 || end < 0) {
      return Double.NaN;
    }
    return Math.max(0, end - firstOutputNanos) / (double) (outputTokens - 1);
  }

  @Override
  public String toString() {
    return "Generation{operation=" + operation + ", inputTokens=" + inputTokens + ", outputTokens="
        + outputTokens + ", ttftNanos=" + timeToFirstOutputNanos() + "}";
  }

}
