package io.infersight.core;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Inference} of {@link InferenceObserver#noop()}, and {@link Inference#current()} where
 * no request runs: runs stage bodies and wrapped tasks, records nothing. One shared instance with
 * no state, so a no-op request allocates nothing. It reads as a request that ended successfully
 * before it began: closed, {@link Status#SUCCESS}, no stage run, nothing handed over.
 */
final class NoopInference extends Inference {
  static final NoopInference INSTANCE = new NoopInference();

  private NoopInference() {}

  // ---- what serving code calls: bodies run, nothing is recorded ------------------------------

  @Override
  <A extends @Nullable Object, B extends @Nullable Object, T extends @Nullable Object,
      E extends Throwable> T timeStage(Stage stage, @Nullable String subStage, A target, B input,
      Call<A, B, T, E> call) throws E {
    return call.call(target, input, this);
  }

  @Override
  public Inference recordStage(Stage stage, Duration duration) {
    return this;
  }

  @Override
  Inference queuedSince(long enqueuedAtNanos) {
    return this;
  }

  @Override
  public Inference cacheHit(boolean hit) {
    return this;
  }

  @Override
  public Inference featureAge(Duration age) {
    return this;
  }

  @Override
  public Inference featureAgeMillis(long ageMillis) {
    return this;
  }

  @Override
  public Inference features(Map<String, ?> features) {
    return this;
  }

  @Override
  public Inference features(double[] values) {
    return this;
  }

  @Override
  public Inference scores(double score) {
    return this;
  }

  @Override
  public Inference scores(double... scores) {
    return this;
  }

  @Override
  public Inference batchSize(int size) {
    return this;
  }

  @Override
  public Inference fail(Throwable error) {
    return this;
  }

  @Override
  public Inference reject(Throwable reason) {
    return this;
  }

  @Override
  public Runnable wrap(Runnable task) {
    return task;
  }

  @Override
  public <T extends @Nullable Object> Supplier<T> wrap(Supplier<T> task) {
    return task;
  }

  @Override
  public <A extends @Nullable Object, B extends @Nullable Object> Function<A, B> wrap(Function<A, B> fn) {
    return fn;
  }

  @Override
  public <T extends @Nullable Object> Callable<T> wrapChecked(Callable<T> task) {
    return task;
  }

  @Override
  public void close() {}

  @Override
  void closeAtLastBoundary() {}

  // ---- what listeners read: an empty, successful request -------------------------------------

  @Override
  public boolean isRecording() {
    return false;
  }

  @Override
  public @Nullable InferenceObserver observer() {
    return null;
  }

  @Override
  public ModelId model() {
    return InferenceObserver.NOOP_MODEL;
  }

  @Override
  public String correlationId() {
    return "";
  }

  @Override
  public boolean isClosed() {
    return true;
  }

  @Override
  public Status status() {
    return Status.SUCCESS;
  }

  @Override
  public @Nullable Throwable error() {
    return null;
  }

  @Override
  public @Nullable String errorType() {
    return null;
  }

  @Override
  public long startNanos() {
    return 0;
  }

  @Override
  public long endNanos() {
    return 0;
  }

  @Override
  public long durationNanos() {
    return 0;
  }

  @Override
  public long startEpochNanos() {
    return 0;
  }

  @Override
  public boolean isSlow() {
    return false;
  }

  @Override
  public boolean ran(Stage stage) {
    return false;
  }

  @Override
  public long stageNanos(Stage stage) {
    return -1;
  }

  @Override
  public boolean cacheHitKnown() {
    return false;
  }

  @Override
  public boolean cacheHit() {
    return false;
  }

  @Override
  public long featureAgeNanos() {
    return -1;
  }

  @Override
  public int batchSize() {
    return -1;
  }

  @Override
  public double @Nullable [] scores() {
    return null;
  }

  @Override
  public int scoreCount() {
    return -1;
  }

  @Override
  public double score(int index) {
    throw new IndexOutOfBoundsException("score " + index + " of 0");
  }

  @Override
  public double @Nullable [] featureValues() {
    return null;
  }

  @Override
  public @Nullable Map<String, ?> featureMap() {
    return null;
  }

  @Override
  public FeatureSchema featureSchema() {
    return FeatureSchema.empty();
  }

  @Override
  public @Nullable InferenceBatch batch() {
    return null;
  }

  @Override
  public @Nullable Generation generation() {
    return null;
  }

  @Override
  public void setTrace(@Nullable String traceId, @Nullable String spanId, boolean sampled) {}

  @Override
  public void setTrace(long traceIdHigh, long traceIdLow, long spanId, boolean sampled) {}

  @Override
  public boolean hasTrace() {
    return false;
  }

  @Override
  public @Nullable String traceId() {
    return null;
  }

  @Override
  public @Nullable String spanId() {
    return null;
  }

  @Override
  public boolean traceSampled() {
    return false;
  }

  @Override
  public <T> @Nullable T slot(SlotKey<T> key) {
    return null;
  }

  @Override
  public <T> void setSlot(SlotKey<T> key, @Nullable T value) {}

  @Override
  public String toString() {
    return "Inference(noop)";
  }
}
