package io.infersight.core;

import io.infersight.core.internal.CardNumbers;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Validates caller-supplied correlation IDs and generates fresh ones.
 *
 * <p>A caller's ID (for example from an {@code X-Correlation-ID} header) is accepted when it is 1
 * to {@value #MAX_LENGTH} characters from {@code [A-Za-z0-9._:-]} and contains no payment card
 * number: no run of 13 to 19 digits (whole digit groups, joined by single {@code -._:}
 * characters) that passes the Luhn check, the same rule by which the log masker masks card
 * numbers. Anything else could inject log lines, bloat every event, or carry a card number into
 * logs, response headers and the trace store unmasked, so it is replaced by a fresh ID (and the
 * observer counts the rejection). A numeric caller ID of 13 to 19 digits is therefore replaced
 * when it happens to pass the Luhn check (one in ten such numbers): prefer hex or UUID IDs.
 *
 * <p>Fresh IDs are 16 lower-case hex digits from {@link ThreadLocalRandom}: unlike {@code
 * UUID.randomUUID()} this takes no lock and no entropy-pool read. They never hold 13 decimal
 * digits in a row, so they never look like a card number.
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
  private static final int MIN_CARD_DIGITS = CardNumbers.MIN_DIGITS;
  private static final int MAX_CARD_DIGITS = CardNumbers.MAX_DIGITS;

  private CorrelationIds() {}

  /** Whether {@code id} is an acceptable caller-supplied correlation ID. */
  public static boolean isValid(@Nullable CharSequence id) {
    if (id == null) {
      return false;
    }
    int n = id.length();
    if (n == 0 || n > MAX_LENGTH) {
      return false;
    }
    int digits = 0;
    for (int i = 0; i < n; i++) {
      char c = id.charAt(i);
      boolean digit = c >= '0' && c <= '9';
      boolean ok = digit || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
          || c == '.' || c == '_' || c == ':' || c == '-';
      if (!ok) {
        return false;
      }
      if (digit) {
        digits++;
      }
    }
    return digits < MIN_CARD_DIGITS || !containsCardNumber(id);
  }

  /**
   * Whether {@code id} (already checked against the alphabet) holds a Luhn-valid run of 13 to 19
   * digits: whole maximal digit groups, consecutive groups joined by exactly one separator. Runs on
   * every request that passes a caller ID with 13 or more digits, so it walks the string in place
   * and allocates nothing.
   */
  static boolean containsCardNumber(CharSequence id) {
    int n = id.length();
    for (int start = 0; start < n; start++) {
      if (isDigit(id.charAt(start)) && (start == 0 || !isDigit(id.charAt(start - 1)))
          && runFromHoldsCard(id, start)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a run that starts at the digit group at {@code start} and ends at the end of that or a
   * later group of the same chain is a card number.
   */
  private static boolean runFromHoldsCard(CharSequence id, int start) {
    int n = id.length();
    int digits = 0;
    int i = start;
    while (true) {
      while (i < n && isDigit(id.charAt(i))) {
        i++;
        digits++;
      }
      if (digits > MAX_CARD_DIGITS) {
        return false;
      }
      if (digits >= MIN_CARD_DIGITS && CardNumbers.isCardNumber(id, start, i)) {
        return true;
      }
      // The alphabet check ran first: a single non-digit that is no letter is a separator, and
      // the chain goes on only where exactly one separator stands before the next group.
      if (i + 1 >= n || isLetter(id.charAt(i)) || !isDigit(id.charAt(i + 1))) {
        return false;
      }
      i++;
    }
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** A fresh ID: 16 lower-case hex digits. */
  public static String generate() {
    return format(nextBits());
  }

  /**
   * Random non-zero bits for a lazily formatted ID, never with 13 or more decimal hex digits in a
   * row: formatted, such an ID could pass for a card number and be masked in logs.
   */
  static long nextBits() {
    long bits;
    do {
      bits = ThreadLocalRandom.current().nextLong();
    } while (bits == 0 || hasLongDecimalRun(bits));
    return bits;
  }

  /** Whether 13 or more consecutive hex digits of {@code bits} are 0-9. */
  static boolean hasLongDecimalRun(long bits) {
    // The top bit of each hex digit is set where the digit is 10-15: top bit and (bit 2 or bit 1).
    long high = 0x8888888888888888L;
    long nonDecimal = bits & high & ((bits << 1) | (bits << 2));
    if (Long.bitCount(nonDecimal) >= 4) {
      return false; // four letters among 16 digits leave at most 12 in a row
    }
    int run = 0;
    for (int shift = 3; shift < 64; shift += 4) {
      if ((nonDecimal >>> shift & 1) == 0) {
        if (++run >= MIN_CARD_DIGITS) {
          return true;
        }
      } else {
        run = 0;
      }
    }
    return false;
  }

  /** Formats 64 bits as 16 lower-case hex digits. */
  static String format(long bits) {
    char[] out = new char[16];
    hex(bits, out, 0);
    return new String(out);
  }

  /** Formats 128 bits, {@code high} first, as 32 lower-case hex digits (a W3C trace ID). */
  static String format(long high, long low) {
    char[] out = new char[32];
    hex(high, out, 0);
    hex(low, out, 16);
    return new String(out);
  }

  private static void hex(long bits, char[] out, int from) {
    for (int i = from + 15; i >= from; i--) {
      out[i] = HEX[(int) (bits & 0xF)];
      bits >>>= 4;
    }
  }
}
