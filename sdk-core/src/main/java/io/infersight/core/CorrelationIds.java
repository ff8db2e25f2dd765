package io.infersight.core;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Validates caller-supplied correlation IDs and generates fresh ones.
 *
 * <p>A caller's ID (for example from an {@code X-Correlation-ID} header) is accepted when it is 1
 * to {@value #MAX_LENGTH} characters from {@code [A-Za-z0-9._:-]}. Anything else could inject log
 * lines or bloat every event, so it is replaced by a fresh ID (and the observer counts the
 * rejection). Fresh IDs are 16 lower-case hex digits from {@link ThreadLocalRandom}: unlike
 * {@code UUID.randomUUID()} this takes no lock and no entropy-pool read.
 *
 * <pre>{@code
 * String id = CorrelationIds.isValid(header) ? header : CorrelationIds.generate();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class CorrelationIds {
  /** The longest accepted caller ID. */
  public static final int MAX_LENGTH = 128;
  /** The HTTP header read and echoed by {@link io.infersight.core.http.CorrelationIdFilter}. */
  public static final String HEADER = "X-Correlation-ID";

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private CorrelationIds() {}

  /** Whether {@code id} is an acceptable caller-supplied correlation ID. */
  public static boolean isValid(CharSequence id) {
    if (id == null) {
      return false;
    }
    int n = id.length();
    if (n == 0 || n > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = id.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_' || c == ':' || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** A fresh ID: 16 lower-case hex digits. */
  public static String generate() {
    return format(nextBits());
  }

  /** Random non-zero bits for a lazily formatted ID. */
  static long nextBits() {
    long bits;
    do {
      bits = ThreadLocalRandom.current().nextLong();
    } while (bits == 0);
    return bits;
  }

  /** Formats 64 bits as 16 lower-case hex digits. */
  static String format(long bits) {
    char[] out = new char[16];
    for (int i = 15; i >= 0; i--) {
      out[i] = HEX[(int) (bits & 0xF)];
      bits >>>= 4;
    }
    return new String(out);
  }
}
