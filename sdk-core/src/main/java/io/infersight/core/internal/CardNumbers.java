package io.infersight.core.internal;

/**
 * The card-number rule shared by correlation-ID validation (core) and PII masking (logging): a run
 * of 13 to 19 decimal digits, separators skipped, whose Luhn checksum is 0. One definition keeps
 * what the masker hides and what an ID may carry in agreement.
 */
public final class CardNumbers {
  /** Fewest digits of a card number. */
  public static final int MIN_DIGITS = 13;
  /** Most digits of a card number. */
  public static final int MAX_DIGITS = 19;

  private CardNumbers() {}

  /**
   * Whether the digits in {@code [from, to)} of {@code s} (any other character skipped) are 13 to
   * 19 and pass the Luhn check.
   */
  public static boolean isCardNumber(CharSequence s, int from, int to) {
    int digits = 0;
    int sum = 0;
    for (int i = to - 1; i >= from; i--) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        continue;
      }
      int d = c - '0';
      if ((digits & 1) == 1) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      digits++;
    }
    return digits >= MIN_DIGITS && digits <= MAX_DIGITS && sum % 10 == 0;
  }
}
