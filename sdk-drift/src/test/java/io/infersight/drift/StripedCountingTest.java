package io.infersight.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infersight.core.Inference;
import io.infersight.core.InferenceObserver;
import io.infersight.core.internal.Stripes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The monitor's striped counting: the shared fallback stripe and stripe hand-back. */
class StripedCountingTest {
  private final Random rnd = new Random(17);
  private ReferenceProfile profile;
  private FeatureDriftMonitor monitor;
  private InferenceObserver observer;

  @BeforeEach
  void profile() {
    profile = ReferenceProfile.builder()
        .numeric("amount", Samples.normal(rnd, 5_000, 100, 15))
        .categorical("country", Samples.categories(rnd, 5_000, new String[] {"DE", "FR"}, new double[] {1, 1}))
        .score(Samples.normal(rnd, 5_000, 0.3, 0.1))
        .build();
    monitor = InfersightDrift.listenerBuilder(profile, new SimpleMeterRegistry())
        .windowByCount(1_000_000, 2).stripes(1).build();
    observer = InferenceObserver.builder().model("m", "1").featureSchema("amount")
        .addListener(monitor).build();
  }

  @AfterEach
  void close() {
    observer.close();
  }

  /** Sends {@code n} requests; records their amounts into {@code expected} unless null. */
  private void send(int n, NumericTracker expected) {
    double[] values = new double[1];
    Map<String, Object> map = Map.of("country", "DE");
    for (int i = 0; i < n; i++) {
      values[0] = 100 + 40 * rnd.nextGaussian();
      if (expected != null) {
        expected.recordDouble(0, 0, values[0]);
      }
      try (Inference inf = observer.start()) {
        inf.features(values).features(map).scores(0.3);
      }
    }
  }

  private long window(String feature) {
    return monitor.tracker(feature).windowCount(monitor.ring().spare());
  }

  @Test
  void countsExactlyInTheSharedStripeWhenEveryStripeIsTaken() {
    NumericTracker expected = new NumericTracker(profile.feature("amount"), 1, 1, null, null, null);
    Stripes stripes = monitor.stripes();
    int held = stripes.claim(); // the only stripe: every request below must fall back
    assertThat(held).isZero();
    send(300, expected);
    assertThat(stripes.fallbacks()).isEqualTo(300);
    stripes.release(held);
    send(200, expected);
    assertThat(stripes.fallbacks()).as("a free stripe is used again").isEqualTo(300);

    assertThat(monitor.totalCounted("amount")).isEqualTo(500);
    assertThat(monitor.totalCounted("country")).isEqualTo(500);
    assertThat(monitor.scoreTotalCounted()).isEqualTo(500);
    NumericTracker amount = (NumericTracker) monitor.tracker("amount");
    assertThat(amount.windowBins(monitor.ring().spare()))
        .as("shared and owned stripes add up to the exact bins").containsExactly(expected.windowBins(-1));
    assertThat(amount.compute(monitor.ring().spare())).containsExactly(expected.compute(-1));
  }

  @Test
  void slidesTheWindowOverCountsFromBothKindsOfStripe() {
    Stripes stripes = monitor.stripes();
    send(100, null); // owned stripe
    monitor.rotate();
    int held = stripes.claim();
    send(40, null); // shared stripe
    stripes.release(held);
    assertThat(window("amount")).as("previous + active sub-window").isEqualTo(140);
    monitor.rotate();
    assertThat(window("amount")).as("the first sub-window left").isEqualTo(40);
    assertThat(window("country")).isEqualTo(40);
    monitor.rotate();
    assertThat(window("amount")).isZero();
    assertThat(monitor.totalCounted("amount")).isEqualTo(140);
  }

  @Test
  void releasesTheStripeWhenTheFeatureMapThrows() {
    Map<String, Object> broken = new AbstractMap<>() {
      @Override
      public Object get(Object key) {
        throw new IllegalStateException("broken map");
      }

      @Override
      public Set<Entry<String, Object>> entrySet() {
        return Set.of();
      }
    };
    try (Inference inf = observer.start()) {
      inf.features(broken);
    }
    Stripes stripes = monitor.stripes();
    int s = stripes.claim();
    assertThat(s).as("the stripe was given back").isZero();
    stripes.release(s);
  }

  @Test
  void rejectsAStripeCountThatIsNotAPowerOfTwo() {
    FeatureDriftMonitorBuilder b = InfersightDrift.listenerBuilder(profile, new SimpleMeterRegistry());
    assertThatThrownBy(() -> b.stripes(3)).hasMessageContaining("stripes");
    assertThatThrownBy(() -> b.stripes(0)).hasMessageContaining("stripes");
    assertThatThrownBy(() -> b.stripes(Stripes.MAX_STRIPES * 2)).hasMessageContaining("stripes");
  }
}
