package io.infersight.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CorrelationIdsTest {
  private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  @Test
  void acceptsIdsOfTheAllowedAlphabetUpTo128Characters() {
    assertThat(CorrelationIds.isValid("req-42")).isTrue();
    assertThat(CorrelationIds.isValid("0af76519-16cd-43dd.8448:eb21_1c80")).isTrue();
    assertThat(CorrelationIds.isValid("a".repeat(128))).isTrue();
  }

  @Test
  void rejectsEmptyOverlongAndInjectedIds() {
    assertThat(CorrelationIds.isValid(null)).isFalse();
    assertThat(CorrelationIds.isValid("")).isFalse();
    assertThat(CorrelationIds.isValid("a".repeat(129))).isFalse();
    assertThat(CorrelationIds.isValid("abc\n{\"level\":\"ERROR\"}")).isFalse();
    assertThat(CorrelationIds.isValid("abc def")).isFalse();
    assertThat(CorrelationIds.isValid("ünïcode")).isFalse();
    assertThat(CorrelationIds.isValid("a/b")).isFalse();
  }

  @Test
  void rejectsIdsThatCarryALuhnValidCardNumber() {
    assertThat(CorrelationIds.isValid("4111111111111111")).isFalse();
    assertThat(CorrelationIds.isValid("4111-1111-1111-1111")).isFalse();
    assertThat(CorrelationIds.isValid("4111.1111.1111.1111")).isFalse();
    assertThat(CorrelationIds.isValid("req-5500005555555559-retry")).isFalse();
    assertThat(CorrelationIds.isValid("order:77:378282246310005")).isFalse(); // 15-digit Amex
    assertThat(CorrelationIds.isValid("6011111111111117")).isFalse();
  }

  @Test
  void keepsDigitRunsThatAreNoCardNumber() {
    assertThat(CorrelationIds.isValid("4111111111111112")).isTrue(); // fails the Luhn check
    assertThat(CorrelationIds.isValid("123e4567-e89b-12d3-a456-426614174000")).isTrue();
    assertThat(CorrelationIds.isValid("order-4111-1111")).isTrue(); // 12 digits
    assertThat(CorrelationIds.isValid("41111111111111111111111")).isTrue(); // 23 digits: no card
    assertThat(CorrelationIds.isValid("4111--1111-1111-1111")).isTrue(); // two separators break the run
  }

  @Test
  void fuzzedRandomBytesAreAcceptedExactlyWhenTheyMatchTheAllowedPattern() {
    Random random = new Random(42);
    int accepted = 0;
    for (int i = 0; i < 200_000; i++) {
      byte[] bytes = new byte[random.nextInt(140)];
      random.nextBytes(bytes);
      if (i % 3 == 0) {
        // Bias a third of the inputs towards the allowed alphabet so both branches are exercised.
        for (int j = 0; j < bytes.length; j++) {
          bytes[j] = (byte) "abcXYZ019._:-".charAt(Math.floorMod(bytes[j], 13));
        }
      }
      String candidate = new String(bytes, i % 2 == 0 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
      boolean valid = CorrelationIds.isValid(candidate);
      assertThat(valid).as("input %s", candidate)
          .isEqualTo(ALLOWED.matcher(candidate).matches() && !holdsCard(candidate));
      if (valid) {
        accepted++;
      }
    }
    assertThat(accepted).isPositive();
  }

  @Test
  void digitHeavyIdsHoldACardExactlyWhenTheIndependentRuleSaysSo() {
    Random random = new Random(11);
    String alphabet = "0123456789012345678901234567890123456789-._:-a";
    int cards = 0;
    for (int i = 0; i < 200_000; i++) {
      char[] chars = new char[1 + random.nextInt(60)];
      for (int j = 0; j < chars.length; j++) {
        chars[j] = alphabet.charAt(random.nextInt(alphabet.length()));
      }
      String candidate = new String(chars);
      boolean card = holdsCard(candidate);
      assertThat(CorrelationIds.isValid(candidate)).as("input %s", candidate).isEqualTo(!card);
      if (card) {
        cards++;
      }
    }
    assertThat(cards).isPositive();
    assertThat(CorrelationIds.isValid("req-7f3a9c2e-4b1d-4e8a-9c55-0d2b6f1e8a73")).isTrue();
  }

  private static final Pattern CARD_RUN = Pattern.compile("[0-9](?:[-._:]?[0-9]){12,18}");

  /** The rule stated independently: a 13-19 digit run from a group start to a group end, Luhn-valid. */
  private static boolean holdsCard(String s) {
    for (int from = 0; from < s.length(); from++) {
      if (!isAsciiDigit(s.charAt(from)) || (from > 0 && isAsciiDigit(s.charAt(from - 1)))) {
        continue;
      }
      for (int to = from + 1; to <= s.length(); to++) {
        if (to < s.length() && isAsciiDigit(s.charAt(to))) {
          continue;
        }
        String run = s.substring(from, to);
        if (CARD_RUN.matcher(run).matches() && luhn(run.replaceAll("[^0-9]", ""))) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean luhn(String digits) {
    int sum = 0;
    for (int i = 0; i < digits.length(); i++) {
      int d = digits.charAt(digits.length() - 1 - i) - '0';
      if (i % 2 == 1) {
        d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      }
      sum += d;
    }
    return sum % 10 == 0;
  }

  @Test
  void observerReplacesACardNumberAndCountsIt() {
    InferenceObserver o = InferenceObserver.builder().model("m", "1").build();
    try (Inference inf = o.start("4111111111111111")) {
      assertThat(inf.correlationId()).matches("[0-9a-f]{16}").isNotEqualTo("4111111111111111");
    }
    assertThat(o.selfMetrics().count(SelfMetricNames.CORRELATION_REJECTED, null, null)).isEqualTo(1);
  }

  @Test
  void observerReplacesInvalidCallerIdsAndCountsThem() {
    InferenceObserver o = InferenceObserver.builder().model("m", "1").build();
    Random random = new Random(7);
    for (int i = 0; i < 1_000; i++) {
      byte[] bytes = new byte[1 + random.nextInt(300)];
      random.nextBytes(bytes);
      String header = new String(bytes, StandardCharsets.ISO_8859_1);
      try (Inference inf = o.start(header)) {
        assertThat(ALLOWED.matcher(inf.correlationId()).matches()).isTrue();
        if (!CorrelationIds.isValid(header)) {
          assertThat(inf.correlationId()).isNotEqualTo(header);
        }
      }
    }
    assertThat(o.selfMetrics().count(SelfMetricNames.CORRELATION_REJECTED, null, null)).isPositive();
  }

  @Test
  void generatesDistinctSixteenDigitHexIds() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      String id = CorrelationIds.generate();
      assertThat(id).matches("[0-9a-f]{16}");
      assertThat(CorrelationIds.isValid(id)).as("generated %s passes its own validation", id).isTrue();
      ids.add(id);
    }
    assertThat(ids).hasSize(100_000);
  }

  @Test
  void generatedBitsNeverFormatAsThirteenDecimalDigitsInARow() {
    assertThat(CorrelationIds.hasLongDecimalRun(0x4111111111111111L)).isTrue();
    assertThat(CorrelationIds.hasLongDecimalRun(0xa123456789012345L)).isTrue();
    assertThat(CorrelationIds.hasLongDecimalRun(0x123456789012aaaaL)).isFalse();
    assertThat(CorrelationIds.hasLongDecimalRun(0x0123a45678b9012cL)).isFalse();
    for (int i = 0; i < 100_000; i++) {
      assertThat(CorrelationIds.format(CorrelationIds.nextBits())).doesNotMatch(".*[0-9]{13}.*");
    }
  }

  @Test
  void lazilyGeneratedIdIsStable() {
    InferenceObserver o = InferenceObserver.builder().model("m", "1").build();
    try (Inference inf = o.start()) {
      assertThat(inf.correlationId()).matches("[0-9a-f]{16}").isEqualTo(inf.correlationId());
    }
  }
}
