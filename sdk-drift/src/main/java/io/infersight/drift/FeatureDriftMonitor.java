package io.infersight.drift;

import io.infersight.core.BoundedLabel;
import io.infersight.core.FeatureSchema;
import io.infersight.core.InferenceView;
import io.infersight.core.InferenceClock;
import io.infersight.core.InferenceListener;
import io.infersight.core.InferenceObserver;
import io.infersight.core.internal.ThrottlingLogger;
import io.infersight.drift.internal.StripedCounts;
import io.infersight.core.internal.Stripes;
import io.infersight.drift.internal.WindowRing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Streaming input and prediction drift inside the serving process. Registered as a listener, it
 * reads each request's features ({@link Inference#features(double[])} with the observer's schema,
 * or {@link Inference#features(Map)}) and scores at close, counts them in a sliding window
 * (lock-free, allocation-free), and on its own daemon thread compares the window with the
 * {@link ReferenceProfile}: gauges {@code ml.feature.drift{model_name,feature,method}} and
 * {@code ml.prediction.drift{model_name,method}}, a state per feature (ok / warn / drift) with the
 * log events {@code feature_drift_detected} and {@code feature_drift_cleared} on transitions, and
 * per-bin counters for fleet-wide drift in Prometheus ({@code ml.feature.bin}, {@code
 * ml.prediction.score.bin}, with the reference shares; see {@link
 * FeatureDriftMonitorBuilder#binCounters(boolean)}), data-quality counters {@code ml.feature.missing}, {@code ml.feature.out.of.range},
 * {@code ml.feature.unknown.category}, {@code ml.feature.invalid.type} (per feature) and
 * {@code ml.feature.count.mismatch}.
 *
 * <pre>{@code
 * FeatureDriftMonitor drift = InfersightDrift.listener(ReferenceProfile.load(path), registry);
 * InferenceObserver observer = InferenceObserver.builder()
 *     .model("fraud-detector", "2.1.0")
 *     .featureSchema("amount", "merchant_risk")
 *     .addListener(drift)
 *     .build();
 * }</pre>
 *
 * <p>Counting takes no locked instruction per value: each {@code onEnd} claims one of a few count
 * stripes with a single CAS for all its values, increments plain counters in it and releases it
 * (at most 8 stripes of cumulative counts: about 6 MB for 128 numeric features, see
 * {@code docs/drift.md}); when every stripe is taken at that instant, the request counts with
 * atomic adds in a shared stripe. The numeric features of a {@code double[]} vector are counted in
 * one flat loop over arrays built at install ({@code NumericVectorCounter}): the range check, an
 * index byte, a short scan and one increment per value, with no call and no per-feature object.
 * Past 64 numeric features, and only while the traffic leaves the window at least 10 000
 * vectors, about 1 request in {@code ceil(features / 64)} is binned ({@link
 * FeatureDriftMonitorBuilder#sampleWideVectors(boolean)}); the data-quality counters still see
 * every request.
 *
 * <p>One monitor serves one observer. {@link #close(long)} (called by the observer's close) stops
 * the thread.
 *
 * @since 0.1.0
 */
public final class FeatureDriftMonitor implements InferenceListener {
  /**
   * State changes go through SLF4J with their fields as key-value pairs, so a JSON encoder (the
   * logging module's, or any logstash encoder) writes them as fields of one event in the app's log
   * stream.
   */
  private static final Logger EVENTS = LoggerFactory.getLogger("io.infersight.drift");
  private static final ThrottlingLogger ERRORS = ThrottlingLogger.forName("io.infersight.drift");
  private static final long MAX_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final ReferenceProfile profile;
  private final MeterRegistry registry;
  private final int subWindows;
  private final long requestsPerSubWindow;
  private final int minSamples;
  /** The methods with thresholds, in {@link DriftMethod} order, with their warn/drift levels. */
  private final DriftThreshold[] thresholds;
  private final long subWindowNanos;
  private final long recomputeNanos;
  private final WindowRing ring;
  private final Stripes stripes;
  private final boolean binCounters;
  private final boolean sampleWideVectors;
  /** Requests and clock at the last rate check of the sampling rule (time windows only). */
  private long rateRequests;
  private long rateNanos;
  private final Set<String> binCountersExcluded;
  private final Object lock = new Object();
  private volatile FeatureTracker[] trackers = new FeatureTracker[0];
  private volatile @Nullable FeatureTracker scoreTracker;
  private volatile FeatureRecorder recorder = FeatureRecorder.empty();
  private @Nullable InferenceClock clock;
  private @Nullable String modelName;
  private @Nullable ScheduledExecutorService executor;
  private long windowStartNanos;
  private long rotations;
  private long lastRecomputeNanos;

  /** Copies every setting: the builder may be changed or reused afterwards without effect here. */
  FeatureDriftMonitor(FeatureDriftMonitorBuilder b) {
    this.profile = b.profile;
    this.registry = b.registry;
    this.subWindows = b.subWindows;
    this.requestsPerSubWindow = b.requestsPerSubWindow;
    this.minSamples = b.minSamples;
    this.thresholds = b.thresholds.values().toArray(new DriftThreshold[0]);
    this.subWindowNanos = b.subWindow == null ? 0 : b.subWindow.toNanos();
    this.recomputeNanos = b.recomputeInterval.toNanos();
    this.ring = new WindowRing(b.subWindows);
    this.stripes = new Stripes(b.stripes);
    this.binCounters = b.binCounters;
    this.sampleWideVectors = b.sampleWideVectors;
    this.binCountersExcluded = Set.copyOf(b.binCountersExcluded);
  }

  @Override
  public void onInstall(InferenceObserver observer) {
    synchronized (lock) {
      if (clock != null) {
        throw new IllegalStateException("FeatureDriftMonitor: already installed on an observer;"
            + " build one monitor per observer");
      }
      clock = observer.clock();
      modelName = observer.model().name();
      int slots = ring.slotCount();
      int n = stripes.count();
      StripedCounts[] numericCounts = numericSlices(profile, n, slots);
      int numeric = 0;
      List<FeatureTracker> list = new ArrayList<>();
      BoundedLabel binFeatures = binCounters
          ? observer.labelPolicy().guard("feature", observer.selfMetrics()) : null;
      for (FeatureProfile f : profile.features()) {
        Tags tags = Tags.of("model_name", modelName, "feature", f.name());
        Counter missing = counter(registry, "ml.feature.missing", "Feature values missing (null or NaN)", tags);
        Counter invalid = counter(registry, "ml.feature.invalid.type", "Feature values of the wrong type", tags);
        FeatureTracker t;
        if (f.kind() == FeatureKind.NUMERIC) {
          t = new NumericTracker(f, slots, numericCounts[numeric++], missing, counter(registry, "ml.feature.out.of.range",
              "Feature values outside the reference range", tags), invalid);
        } else {
          t = new CategoricalTracker(f, slots, n, missing, counter(registry, "ml.feature.unknown.category",
              "Feature values of a category absent from the reference", tags), invalid);
        }
        DriftGauges.registerFeature(registry, modelName, t);
        // A feature past the label policy's limit for "feature" gets no bins: bins of different
        // features cannot share one series.
        if (binFeatures != null && !binCountersExcluded.contains(f.name())
            && binFeatures.resolve(f.name()).equals(f.name())) {
          DriftBinMeters.registerFeature(registry, modelName, t, observer.labelPolicy(), observer.selfMetrics());
        }
        list.add(t);
      }
      if (profile.score() != null) {
        Tags tags = Tags.of("model_name", modelName);
        FeatureTracker s = new NumericTracker(profile.score(), slots, n,
            counter(registry, "ml.prediction.missing", "Prediction scores missing (NaN)", tags),
            counter(registry, "ml.prediction.out.of.range", "Prediction scores outside the reference range", tags),
            null);
        DriftGauges.registerPrediction(registry, modelName, s);
        if (binCounters) {
          DriftBinMeters.registerPrediction(registry, modelName, s);
        }
        scoreTracker = s;
      }
      Counter countMismatch = counter(registry, "ml.feature.count.mismatch",
          "Feature arrays whose length differs from the feature schema", Tags.of("model_name", modelName));
      FeatureSchema schema = observer.featureSchema();
      int[] index = new int[list.size()];
      for (int i = 0; i < index.length; i++) {
        index[i] = schema.indexOf(list.get(i).name());
      }
      trackers = list.toArray(new FeatureTracker[0]);
      FeatureRecorder rec = new FeatureRecorder(list, index, schema.size(), countMismatch,
          stripes.shared(), sampleWideVectors);
      if (subWindowNanos == 0) {
        rec.sampling().onRate((double) requestsPerSubWindow * subWindows);
      }
      recorder = rec;
      windowStartNanos = clock.nanoTime();
      lastRecomputeNanos = windowStartNanos;
      rateNanos = windowStartNanos;
      executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "infersight-drift-" + modelName);
        t.setDaemon(true);
        return t;
      });
      long period = Math.min(MAX_CHECK_NANOS, recomputeNanos);
      executor.scheduleAtFixedRate(this::tick, period, period, TimeUnit.NANOSECONDS);
    }
  }

  /**
   * One slice of one shared row per stripe for each numeric feature, in profile order: the flat
   * loop of {@link NumericVectorCounter} finds its stripe's row once per request.
   */
  private static StripedCounts[] numericSlices(ReferenceProfile profile, int stripes, int slots) {
    int[] bins = profile.features().stream().filter(f -> f.kind() == FeatureKind.NUMERIC)
        .mapToInt(NumericTracker::binCount).toArray();
    return StripedCounts.slices(stripes, slots, bins);
  }

  private static Counter counter(MeterRegistry registry, String name, String help, Tags tags) {
    return Counter.builder(name).description(help).tags(tags).register(registry);
  }

  /**
   * Reads the request's features and scores into the window. Lock-free and allocation-free: one
   * CAS claims a stripe for all the values, which then cost a plain increment each.
   */
  @Override
  public void onEnd(InferenceView inf) {
    int slot = ring.active();
    ring.countRequest(slot);
    int stripe = stripes.claim();
    try {
      record(inf, slot, stripe);
    } finally {
      stripes.release(stripe);
    }
  }

  private void record(InferenceView inf, int slot, int stripe) {
    recorder.record(inf, slot, stripe);
    FeatureTracker s = scoreTracker;
    if (s != null) {
      int n = inf.scoreCount();
      for (int i = 0; i < n; i++) {
        s.recordDouble(slot, stripe, inf.score(i));
      }
    }
  }

  private void tick() {
    try {
      synchronized (lock) {
        rotateIfDue();
        checkRate();
        if (clock.nanoTime() - lastRecomputeNanos >= recomputeNanos) {
          recompute();
        }
      }
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable t) {
      ERRORS.log(System.Logger.Level.WARNING, "drift-recompute", "Drift recomputation failed; will retry", t);
    }
  }

  /**
   * Rolls the window if a sub-window is due, then recomputes every drift value, state and gauge
   * now, on the calling thread. The background thread does this on its own; tests and tools call
   * it to get a result at a known point.
   */
  public void recomputeNow() {
    synchronized (lock) {
      if (clock == null) {
        throw new IllegalStateException("FeatureDriftMonitor: not installed on an observer yet");
      }
      rotateIfDue();
      recompute();
    }
  }

  /**
   * The live window as a {@link DriftReport}: each feature (and the score) against the reference
   * profile, with the statistics and PSI-bin counts of the current window, so {@link
   * DriftReport#toHtml()} draws the same page as the offline report. A feature drifted when its
   * PSI reached the configured PSI drift threshold ({@link DriftReport#DEFAULT_PSI_THRESHOLD}
   * when PSI has none). A feature with fewer than the minimum samples in the window has no
   * statistics and a warning says so. The missing-values column counts the window's missing
   * values (null, NaN or absent) of the requests the window binned, per sub-window like the
   * other counts; the {@code ml.feature.missing} counter counts them since start.
   *
   * @throws IllegalStateException when the monitor is not installed on an observer yet
   */
  public DriftReport report() {
    double threshold = DriftReport.DEFAULT_PSI_THRESHOLD;
    for (DriftThreshold t : thresholds) {
      if (t.method() == DriftMethod.PSI) {
        threshold = t.drift();
      }
    }
    List<FeatureDrift> out = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    synchronized (lock) {
      if (clock == null) {
        throw new IllegalStateException("FeatureDriftMonitor: not installed on an observer yet");
      }
      rotateIfDue();
      int spare = ring.spare();
      List<FeatureTracker> all = new ArrayList<>(List.of(trackers));
      if (scoreTracker != null) {
        all.add(scoreTracker);
      }
      for (FeatureTracker t : all) {
        long n = t.windowCount(spare);
        double[] values = FeatureTracker.nanValues();
        if (n < minSamples) {
          warnings.add("'" + t.name() + "' has " + n + " values in the window, fewer than the " + minSamples
              + " needed: no statistics yet");
        } else {
          values = t.compute(spare);
        }
        out.add(new FeatureDrift(t.name(), t.profile.kind(), t.profile.count(), n, t.windowMissing(spare),
            values, threshold, t.histogram(spare)));
      }
    }
    return DriftReport.of(out, warnings, threshold);
  }

  /**
   * By time windows, at most once a second: the request rate since the last check, times the
   * window's length, decides whether wide vectors are sampled ({@link VectorSampling}).
   */
  void checkRate() {
    synchronized (lock) {
      VectorSampling sampling = recorder.sampling();
      if (subWindowNanos == 0 || sampling.every() == 1) {
        return;
      }
      long now = clock.nanoTime();
      long elapsed = now - rateNanos;
      if (elapsed < MAX_CHECK_NANOS) {
        return;
      }
      long requests = sampling.requests();
      double perNano = (double) (requests - rateRequests) / elapsed;
      sampling.onRate(perNano * subWindowNanos * subWindows);
      rateRequests = requests;
      rateNanos = now;
    }
  }

  private void rotateIfDue() {
    if (subWindowNanos > 0) {
      long due = (clock.nanoTime() - windowStartNanos) / subWindowNanos;
      long steps = Math.min(due - rotations, ring.slotCount());
      for (long i = 0; i < steps; i++) {
        rotate();
      }
      rotations = Math.max(rotations, due);
    } else if (ring.activeRequests() >= requestsPerSubWindow) {
      rotate();
    }
  }

  /** Starts a new sub-window and drops the oldest one. */
  void rotate() {
    synchronized (lock) {
      int cleared = ring.advance();
      int active = ring.active();
      for (FeatureTracker t : trackers) {
        t.roll(active, cleared);
      }
      FeatureTracker s = scoreTracker;
      if (s != null) {
        s.roll(active, cleared);
      }
    }
  }

  private void recompute() {
    lastRecomputeNanos = clock.nanoTime();
    int spare = ring.spare();
    for (FeatureTracker t : trackers) {
      update(t, spare, "feature");
    }
    FeatureTracker s = scoreTracker;
    if (s != null) {
      update(s, spare, "prediction");
    }
  }

  private void update(FeatureTracker t, int spare, String subject) {
    if (t.windowCount(spare) < minSamples) {
      t.publish(FeatureTracker.nanValues());
      return;
    }
    double[] values = t.compute(spare);
    t.publish(values);
    DriftState next = DriftState.OK;
    DriftMethod decisive = null;
    for (DriftThreshold th : thresholds) {
      DriftMethod m = th.method();
      double v = values[m.ordinal()];
      if (!m.appliesTo(t.profile.kind()) || Double.isNaN(v)) {
        continue;
      }
      DriftState s = th.classify(v);
      if (decisive == null || s.level() > next.level()) {
        decisive = m;
      }
      next = s.level() > next.level() ? s : next;
    }
    DriftState previous = t.state();
    if (next == previous) {
      return;
    }
    t.state(next);
    logTransition(t, subject, previous, next, decisive, values);
  }

  /**
   * One event per state change: {@code event}, {@code model_name}, {@code feature} (features
   * only), {@code state}, {@code previous_state}, the statistic that set the state ({@code
   * method}, {@code value}) and every thresholded statistic under its label; a readable message
   * with the same content for plain-text formats.
   */
  private void logTransition(FeatureTracker t, String subject, DriftState previous, DriftState next,
      DriftMethod decisive, double[] values) {
    boolean worse = next.level() > previous.level();
    LoggingEventBuilder e = EVENTS.atLevel(worse ? Level.WARN : Level.INFO);
    String event = subject + (worse ? "_drift_detected" : "_drift_cleared");
    StringBuilder message = new StringBuilder(event).append(" model_name=").append(modelName);
    e.addKeyValue("event", event).addKeyValue("model_name", modelName);
    if (subject.equals("feature")) {
      e.addKeyValue("feature", t.name());
      message.append(" feature=").append(t.name());
    }
    e.addKeyValue("state", next.label()).addKeyValue("previous_state", previous.label());
    message.append(" state=").append(next.label()).append(" previous=").append(previous.label());
    if (decisive != null) {
      e.addKeyValue("method", decisive.label()).addKeyValue("value", values[decisive.ordinal()]);
    }
    for (DriftThreshold th : thresholds) {
      DriftMethod m = th.method();
      double v = values[m.ordinal()];
      if (m.appliesTo(t.profile.kind()) && !Double.isNaN(v)) {
        e.addKeyValue(m.label(), v);
        message.append(' ').append(m.label()).append('=')
            .append(String.format(java.util.Locale.ROOT, "%.4f", v));
      }
    }
    e.log(message.toString());
  }

  /** The state of a profiled feature, or {@code null} for a name the profile does not have. */
  public @Nullable DriftState state(String feature) {
    FeatureTracker t = tracker(feature);
    return t == null ? null : t.state();
  }

  /** The state of the prediction score, or {@code null} when the profile has no score. */
  public @Nullable DriftState predictionState() {
    FeatureTracker s = scoreTracker;
    return s == null ? null : s.state();
  }

  /** The last computed value of {@code method} for a feature; NaN before enough data or when n/a. */
  public double value(String feature, DriftMethod method) {
    FeatureTracker t = tracker(feature);
    return t == null ? Double.NaN : t.value(method);
  }

  /** The last computed value of {@code method} for the prediction score; NaN when unknown. */
  public double predictionValue(DriftMethod method) {
    FeatureTracker s = scoreTracker;
    return s == null ? Double.NaN : s.value(method);
  }

  /** Values of {@code feature} counted since start (in the window or dropped from it). */
  long totalCounted(String feature) {
    FeatureTracker t = tracker(feature);
    return t == null ? 0 : t.totalCounted();
  }

  /** Prediction scores counted since start. */
  long scoreTotalCounted() {
    FeatureTracker s = scoreTracker;
    return s == null ? 0 : s.totalCounted();
  }

  @Nullable FeatureTracker tracker(String feature) {
    for (FeatureTracker t : trackers) {
      if (t.name().equals(feature)) {
        return t;
      }
    }
    return null;
  }

  FeatureRecorder recorder() {
    return recorder;
  }

  WindowRing ring() {
    return ring;
  }

  Stripes stripes() {
    return stripes;
  }

  /** The profile this monitor compares against. */
  public ReferenceProfile profile() {
    return profile;
  }

  @Override
  public void close(long timeoutMillis) {
    ScheduledExecutorService e;
    synchronized (lock) {
      e = executor;
    }
    if (e == null) {
      return;
    }
    e.shutdownNow();
    try {
      e.awaitTermination(Math.max(0, timeoutMillis), TimeUnit.MILLISECONDS);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "FeatureDriftMonitor{profile=" + profile + ", window="
        + (subWindowNanos > 0 ? subWindows + " x " + Duration.ofNanos(subWindowNanos)
            : subWindows + " x " + requestsPerSubWindow + " requests") + "}";
  }
}
