package io.infersight.core.internal;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The random draw of the pillars that keep a share of requests: the logging module's sample rate
 * and the tracing module's head-sampling ratio. At 1 every request is kept and at 0 none, without
 * a draw; in between one {@link ThreadLocalRandom} draw per request, so the draws of two pillars
 * are independent of each other and of the request's IDs.
 *
 * <pre>{@code
 * boolean keep = Sampling.draw(sampleRate);
 * }</pre>
 *
 * <p>Internal: may change without notice.
 */
public final class Sampling {
  private Sampling() {}

  /** Whether this request is drawn under {@code rate}, a share in [0, 1] (larger counts as 1). */
  public static boolean draw(double rate) {
    return rate >= 1.0 || (rate > 0.0 && ThreadLocalRandom.current().nextDouble() < rate);
  }
}
