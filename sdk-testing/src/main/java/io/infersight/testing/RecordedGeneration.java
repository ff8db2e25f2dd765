package io.infersight.testing;

import io.infersight.core.Generation;

/**
 * A snapshot of a request's {@link Generation}, taken when the request ended.
 *
 * <pre>{@code
 * assertThat(recorded.last().generation().outputTokens()).isEqualTo(12);
 * }</pre>
 *
 * @param operation the operation name ({@code gen_ai.operation.name})
 * @param inputTokens input tokens, or -1 when not reported
 * @param outputTokens output tokens
 * @param chunks output chunks
 * @param timeToFirstOutputNanos time to the first output, or -1 when none was sent
 * @param timePerOutputTokenNanos time per output token after the first, or NaN when fewer than two
 *     tokens were sent
 * @since 0.3.0
 */
public record RecordedGeneration(String operation, long inputTokens, long outputTokens, long chunks,
    long timeToFirstOutputNanos, double timePerOutputTokenNanos) {

  /** What {@code g} reports now. */
  static RecordedGeneration of(Generation g) {
    return new RecordedGeneration(g.operation(), g.inputTokens(), g.outputTokens(), g.chunks(),
        g.timeToFirstOutputNanos(), g.timePerOutputTokenNanos());
  }

  @Override
  public String toString() {
    return "RecordedGeneration{inputTokens=" + inputTokens + ", outputTokens=" + outputTokens
        + ", ttftNanos=" + timeToFirstOutputNanos + "}";
  }
}
