package io.infersight.testing;

import io.infersight.core.Generation;

/**
 * A snapshot of a request's {@link Generation}, taken when the request ended.
 *
 * <pre>{@code
 * assertThat(recorded.last().generation().outputTokens()).isEqualTo(12);
 * }</pre>
 *
 * @since 0.3.0
 */
public final class RecordedGeneration {
  private final String operation;
  private final long inputTokens;
  private final long outputTokens;
  private final long chunks;
  private final long timeToFirstOutputNanos;
  private final double timePerOutputTokenNanos;

  RecordedGeneration(Generation g) {
    this.operation = g.operation();
    this.inputTokens = g.inputTokens();
    this.outputTokens = g.outputTokens();
    this.chunks = g.chunks();
    this.timeToFirstOutputNanos = g.timeToFirstOutputNanos();
    this.timePerOutputTokenNanos = g.timePerOutputTokenNanos();
  }

  public String operation() {
    return operation;
  }

  /** Input tokens, or -1 when not reported. */
  public long inputTokens() {
    return inputTokens;
  }

  public long outputTokens() {
    return outputTokens;
  }

  public long chunks() {
    return chunks;
  }

  /** Time to the first output, or -1 when none was sent. */
  public long timeToFirstOutputNanos() {
    return timeToFirstOutputNanos;
  }

  /** Time per output token after the first, or NaN when fewer than two tokens were sent. */
  public double timePerOutputTokenNanos() {
    return timePerOutputTokenNanos;
  }

  @Override
  public String toString() {
    return "RecordedGeneration{inputTokens=" + inputTokens + ", outputTokens=" + outputTokens
        + ", ttftNanos=" + timeToFirstOutputNanos + "}";
  }
}
