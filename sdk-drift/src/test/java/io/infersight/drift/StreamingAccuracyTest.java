package io.infersight.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.infersight.drift.internal.BinnedStatistics;
import io.infersight.drift.internal.ExactStatistics;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Streaming estimates against the exact statistics on large random sets, within the documented bounds. */
class StreamingAccuracyTest {
  private static final int N_REF = 20_000;
  private static final int N_CUR = 5_000;

  static Stream<Arguments> numericCases() {
    Random r = new Random(42);
    return Stream.of(
        Arguments.of("normal, same", Samples.normal(r, N_REF, 0, 1), Samples.normal(r, N_CUR, 0, 1)),
        Arguments.of("normal, mean shift", Samples.normal(r, N_REF, 0, 1), Samples.normal(r, N_CUR, 0.5, 1)),
        Arguments.of("normal, variance change", Samples.normal(r, N_REF, 0, 1), Samples.normal(r, N_CUR, 0, 2.5)),
        Arguments.of("lognormal", Samples.lognormal(r, N_REF, 0, 1), Samples.lognormal(r, N_CUR, 0.2, 1.2)),
        Arguments.of("bimodal", Samples.bimodal(r, N_REF, 0), Samples.bimodal(r, N_CUR, 0.8)),
        Arguments.of("heavy ties", Samples.ties(r, N_REF, 0), Samples.ties(r, N_CUR, 1)),
        Arguments.of("stale snapshot", Samples.normal(r, N_REF, 0, 1), constant(N_CUR, 0.3)));
  }

  private static double[] constant(int n, double v) {
    double[] out = new double[n];
    Arrays.fill(out, v);
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("numericCases")
  void numericEstimatesStayWithinTheirBoundsOfTheExactStatistics(String name, double[] ref, double[] cur) {
    FeatureProfile profile = FeatureProfile.numeric("x", ref);
    NumericTracker tracker = new NumericTracker(profile, 1, 1, null, null, null);
    for (double v : cur) {
      tracker.recordDouble(0, 0, v);
    }
    double[] est = tracker.compute(-1);
    long[] bins = tracker.windowBins(-1);

    // PSI and JS: exact, because the deciles are bin edges.
    assertThat(est[DriftMethod.PSI.ordinal()]).isCloseTo(ExactStatistics.psi(ref, cur), within(1e-9));
    assertThat(est[DriftMethod.JS.ordinal()]).isCloseTo(ExactStatistics.jensenShannon(ref, cur), within(1e-9));

    // KS: never above the exact value, at most the profile's bound (≤ 0.01) below it.
    double ks = ExactStatistics.ks(ref, cur);
    assertThat(profile.ksErrorBound()).isLessThanOrEqualTo(0.01);
    assertThat(est[DriftMethod.KS.ordinal()]).isBetween(ks - profile.ksErrorBound() - 1e-12, ks + 1e-12);

    // Wasserstein: within the bound computed from the window.
    double w = ExactStatistics.wasserstein(ref, cur);
    double bound = BinnedStatistics.wassersteinErrorBound(profile.edgesView(), profile.binCountsView(), bins);
    assertThat(est[DriftMethod.WASSERSTEIN.ordinal()]).isCloseTo(w, within(bound + 1e-9));
    assertThat(est[DriftMethod.WASSERSTEIN_NORM.ordinal()])
        .isCloseTo(w / ExactStatistics.populationStd(ref), within(bound / profile.std() + 1e-9));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("numericCases")
  void valuesOutsideTheReferenceRangeKeepWassersteinTailsExact(String name, double[] ref, double[] ignored) {
    FeatureProfile profile = FeatureProfile.numeric("x", ref);
    double[] cur = {profile.min() - 10, profile.max() + 5, profile.min() - 1};
    NumericTracker tracker = new NumericTracker(profile, 1, 1, null, null, null);
    for (double v : cur) {
      tracker.recordDouble(0, 0, v);
    }
    double est = tracker.compute(-1)[DriftMethod.WASSERSTEIN.ordinal()];
    assertThat(est).isCloseTo(ExactStatistics.wasserstein(ref, cur), within(
        BinnedStatistics.wassersteinErrorBound(profile.edgesView(), profile.binCountsView(),
            tracker.windowBins(-1)) + 1e-9));
  }

  @ParameterizedTest(name = "unknown categories: {0}")
  @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
  void categoricalEstimatesEqualTheExactStatistics(boolean newCategory) {
    Random r = new Random(7);
    String[] names = {"a", "b", "c", "d", "e"};
    String[] ref = Samples.categories(r, N_REF, names, new double[] {50, 20, 15, 10, 5});
    String[] curNames = newCategory ? new String[] {"a", "b", "c", "d", "zz"} : names;
    String[] cur = Samples.categories(r, N_CUR, curNames, new double[] {30, 30, 15, 10, 15});
    FeatureProfile profile = FeatureProfile.categorical("c", ref);
    CategoricalTracker tracker = new CategoricalTracker(profile, 1, 1, null, null, null);
    for (String v : cur) {
      tracker.recordObject(0, 0, v);
    }
    double[] est = tracker.compute(-1);

    String[] all = {"a", "b", "c", "d", "e", "zz"};
    long[] rc = new long[all.length];
    long[] cc = new long[all.length];
    for (int i = 0; i < all.length; i++) {
      rc[i] = Arrays.stream(ref).filter(all[i]::equals).count();
      cc[i] = Arrays.stream(cur).filter(all[i]::equals).count();
    }
    long[][] t = BinnedStatistics.dropEmptyColumns(rc, cc);
    assertThat(est[DriftMethod.PSI.ordinal()]).isCloseTo(ExactStatistics.psi(t[0], t[1]), within(1e-12));
    assertThat(est[DriftMethod.JS.ordinal()]).isCloseTo(ExactStatistics.jensenShannon(t[0], t[1]), within(1e-12));
    assertThat(est[DriftMethod.CHI2_P.ordinal()])
        .isCloseTo(ExactStatistics.chiSquarePValue(t[0], t[1]), within(1e-12));
  }
}
