package io.infersight.examples.fraud;

import io.infersight.core.InferenceView;
import io.infersight.core.InferenceListener;
import io.infersight.core.Status;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The demo's terminal view: a listener that keeps counts for the current interval, and a line
 * printed every few seconds (requests, error rate, p99, cache hit rate, feature age, worst drift),
 * so a person watching sees the incident unfold.
 */
final class StatusLine implements InferenceListener {
  private static final int RING = 8192;

  private final MeterRegistry registry;
  private final long startNanos = System.nanoTime();
  private final LongAdder total = new LongAdder();
  private final LongAdder requests = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder lookups = new LongAdder();
  private final LongAdder hits = new LongAdder();
  private final LongAdder ageMillisSum = new LongAdder();
  private final LongAdder declines = new LongAdder();
  private final AtomicLongArray durations = new AtomicLongArray(RING);
  private final AtomicInteger next = new AtomicInteger();
  private long lastReport = System.nanoTime();

  StatusLine(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void onEnd(InferenceView inf) {
    total.increment();
    requests.increment();
    if (inf.status() == Status.ERROR) {
      errors.increment();
    }
    if (inf.cacheHitKnown()) {
      lookups.increment();
      if (inf.cacheHit()) {
        hits.increment();
      }
      if (inf.featureAgeNanos() >= 0) {
        ageMillisSum.add(inf.featureAgeNanos() / 1_000_000);
      }
    }
    if (inf.scoreCount() > 0 && inf.score(0) >= FraudService.DECLINE_AT) {
      declines.increment();
    }
    durations.set(next.getAndIncrement() & (RING - 1), inf.durationNanos());
  }

  /** The status line for the interval since the last call; resets the interval. */
  synchronized String report(Scenario scenario, boolean faultOn) {
    long now = System.nanoTime();
    double seconds = Math.max(1e-3, (now - lastReport) / 1e9);
    lastReport = now;
    long n = requests.sumThenReset();
    long err = errors.sumThenReset();
    long look = lookups.sumThenReset();
    long hit = hits.sumThenReset();
    long ageSum = ageMillisSum.sumThenReset();
    long declined = declines.sumThenReset();
    int count = (int) Math.min(RING, Math.min(n, next.get()));
    long[] recent = new long[count];
    int end = next.get();
    for (int i = 0; i < count; i++) {
      recent[i] = durations.get((end - 1 - i) & (RING - 1));
    }
    Arrays.sort(recent);
    double p99 = count == 0 ? 0 : recent[Math.min(count - 1, (int) Math.ceil(0.99 * count) - 1)] / 1e6;
    long elapsed = (now - startNanos) / 1_000_000_000L;
    return String.format(Locale.ROOT,
        "[%02d:%02d] %-12s %s reqs=%d (%.1f/s) errors=%.1f%% p99=%.1fms declined=%.1f%% cache_hit=%s"
            + " feature_age=%s worst_drift=%s score_psi=%s",
        elapsed / 60, elapsed % 60, scenario.cliName(), faultOn ? "FAULT" : "ok   ", total.sum(), n / seconds,
        n == 0 ? 0 : 100.0 * err / n, p99, n == 0 ? 0 : 100.0 * declined / n, look == 0 ? "-" : String.format(Locale.ROOT, "%.0f%%", 100.0 * hit / look),
        look == 0 ? "-" : age(ageSum / (double) look), worstDrift(), scoreDrift());
  }

  private static String age(double millis) {
    if (millis >= 3_600_000) {
      return String.format(Locale.ROOT, "%.1fh", millis / 3_600_000);
    }
    if (millis >= 60_000) {
      return String.format(Locale.ROOT, "%.1fm", millis / 60_000);
    }
    return String.format(Locale.ROOT, "%.1fs", millis / 1000);
  }

  private String scoreDrift() {
    Gauge g = registry.find("ml.prediction.drift").tag("method", "psi").gauge();
    return g == null || Double.isNaN(g.value()) ? "-" : String.format(Locale.ROOT, "%.2f", g.value());
  }

  private String worstDrift() {
    Gauge worst = null;
    for (Gauge g : registry.find("ml.feature.drift").tag("method", "psi").gauges()) {
      double v = g.value();
      if (!Double.isNaN(v) && (worst == null || v > worst.value())) {
        worst = g;
      }
    }
    if (worst == null) {
      return "-";
    }
    double v = worst.value();
    return String.format(Locale.ROOT, "%s psi=%.2f%s", worst.getId().getTag("feature"), v,
        v >= 0.2 ? " DRIFT" : v >= 0.1 ? " warn" : "");
  }
}
