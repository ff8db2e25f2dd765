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
      assertThat(valid).as("input %s", candidate).isEqualTo(ALLOWED.matcher(candidate).matches());
      if (valid) {
        accepted++;
      }
    }
    assertThat(accepted).isPositive();
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
    assertThat(o.selfMetrics().count(InferenceObserver.CORRELATION_REJECTED, null, null)).isPositive();
  }

  @Test
  void generatesDistinctSixteenDigitHexIds() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      String id = CorrelationIds.generate();
      assertThat(id).matches("[0-9a-f]{16}");
      ids.add(id);
    }
    assertThat(ids).hasSize(100_000);
  }

  @Test
  void lazilyGeneratedIdIsStable() {
    InferenceObserver o = InferenceObserver.builder().model("m", "1").build();
    try (Inference inf = o.start()) {
      assertThat(inf.correlationId()).matches("[0-9a-f]{16}").isEqualTo(inf.correlationId());
    }
  }
}
