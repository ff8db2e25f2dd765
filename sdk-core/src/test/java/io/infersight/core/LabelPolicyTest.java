package io.infersight.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LabelPolicyTest {

  @Test
  void refusesIdentifierKeys() {
    assertThat(LabelPolicy.isForbiddenKey("user_id")).isTrue();
    assertThat(LabelPolicy.isForbiddenKey("Request-ID")).isTrue();
    assertThat(LabelPolicy.isForbiddenKey("session")).isTrue();
    assertThat(LabelPolicy.isForbiddenKey("merchant.id")).isTrue();
    assertThat(LabelPolicy.isForbiddenKey("model_version")).isFalse();
    assertThat(LabelPolicy.isForbiddenKey("stage")).isFalse();
    assertThat(LabelPolicy.whyForbidden("user_id")).contains("user_id").contains("time series");
  }

  @Test
  void foldsUnknownLabelValuesIntoOtherPastTheLimitAndKeepsDeclaredOnes() {
    SelfMetrics m = new SelfMetrics();
    LabelPolicy policy = LabelPolicy.builder().maxValues("region", 3).declare("region", "eu", "us").build();
    BoundedLabel region = policy.guard("region", m);
    for (int i = 0; i < 1_000_000; i++) {
      String v = region.resolve("r" + (i % 5000));
      assertThat(v.equals(LabelPolicy.OTHER) || v.equals("r0") || v.equals("r1") || v.equals("r2")).isTrue();
    }
    assertThat(region.resolve("eu")).isEqualTo("eu");
    assertThat(region.resolve("us")).isEqualTo("us");
    assertThat(region.resolve(null)).isEqualTo(BoundedLabel.NONE);
    assertThat(region.admittedCount()).isEqualTo(3);
    assertThat(m.count(SelfMetricNames.LABEL_OVERFLOW, "label", "region")).isEqualTo(1_000_000 - 600);
  }

  @Test
  void resolvedValuesAreCanonicalInstances() {
    BoundedLabel l = LabelPolicy.defaults().guard("x", new SelfMetrics());
    String first = l.resolve(new String("abc"));
    assertThat(l.resolve(new String("abc"))).isSameAs(first);
  }

  @Test
  void selfMetricsNotifiesSubscribersOfExistingAndNewCounters() {
    SelfMetrics m = new SelfMetrics();
    m.counter("a", "A").increment();
    java.util.List<String> seen = new java.util.ArrayList<>();
    m.forEachCounter(c -> seen.add(c.name()));
    m.counter("b", "B", "k", "v");
    m.counter("b", "B", "k", "v");
    assertThat(seen).containsExactly("a", "b");
    assertThat(m.counters()).hasSize(2);
  }
}
