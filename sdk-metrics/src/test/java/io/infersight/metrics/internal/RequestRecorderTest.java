package io.infersight.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersight.core.Inference;
import io.infersight.core.InferenceObserver;
import io.infersight.core.Stage;
import io.infersight.metrics.MeterNames;
import io.infersight.testing.FakeClock;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBucket;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class RequestRecorderTest {
  private static final Labels MODEL = Labels.of("model_name", "fraud");
  private static final Labels VERSION = Labels.of("model_name", "fraud", "model_version", "1");
  private final FakeClock clock = FakeClock.create();

  /** A closed request: features 2 ms (cache hit), forward 3 ms, batch 4, feature age 0.5 s. */
  private Inference closedRequest() {
    InferenceObserver observer = InferenceObserver.builder().model("fraud", "1").clock(clock).build();
    Inference inf = observer.start();
    inf.stage(Stage.FEATURES, () -> clock.advanceMillis(2));
    inf.cacheHit(true).featureAgeMillis(500).batchSize(4);
    inf.stage(Stage.FORWARD, () -> clock.advanceMillis(3));
    inf.close();
    return inf;
  }

  private static RequestRecorder recorder(int stripes) {
    return new RequestRecorder(MODEL, VERSION, MeterNames::defaultBuckets, stripes);
  }

  private static MetricSnapshots scrape(RequestRecorder recorder) {
    RequestCollector collector = new RequestCollector();
    collector.add(recorder);
    return collector.collect();
  }

  private static MetricSnapshot family(MetricSnapshots snapshots, String name) {
    return snapshots.stream().filter(s -> s.getMetadata().getName().equals(name)).findFirst().orElseThrow();
  }

  private static HistogramDataPointSnapshot point(MetricSnapshots snapshots, String name, String... labels) {
    Labels wanted = Labels.of(labels);
    return ((HistogramSnapshot) family(snapshots, name)).getDataPoints().stream()
        .filter(p -> p.getLabels().equals(wanted)).findFirst().orElseThrow();
  }

  private static double counter(MetricSnapshots snapshots, String name, String... labels) {
    Labels wanted = Labels.of(labels);
    return ((CounterSnapshot) family(snapshots, name)).getDataPoints().stream()
        .filter(p -> p.getLabels().equals(wanted)).findFirst().orElseThrow().getValue();
  }

  private static long cumulative(HistogramDataPointSnapshot p, double upperBound) {
    long total = 0;
    for (ClassicHistogramBucket b : p.getClassicBuckets()) {
      total += b.getCount();
      if (b.getUpperBound() == upperBound) {
        return total;
      }
    }
    throw new AssertionError("no bucket " + upperBound);
  }

  @Test
  void recordsEveryPerRequestSeriesOfOneRequest() {
    RequestRecorder recorder = recorder(4);
    recorder.record(closedRequest(), 0);
    MetricSnapshots s = scrape(recorder);
    assertThat(counter(s, "ml_inference_requests", "model_name", "fraud", "model_version", "1", "status", "success")).isEqualTo(1);
    assertThat(counter(s, "ml_inference_requests", "model_name", "fraud", "model_version", "1", "status", "error")).isZero();
    assertThat(counter(s, "ml_inference_samples", "model_name", "fraud", "model_version", "1")).isEqualTo(4);
    HistogramDataPointSnapshot request = point(s, "ml_inference_duration_seconds", "model_name", "fraud", "model_version", "1");
    assertThat(request.getCount()).isEqualTo(1);
    assertThat(request.getSum()).isEqualTo(0.005);
    assertThat(cumulative(request, 0.001)).isZero();
    assertThat(cumulative(request, 0.005)).isEqualTo(1); // upper bounds are inclusive
    assertThat(point(s, "ml_stage_duration_seconds", "model_name", "fraud", "stage", "forward").getSum()).isEqualTo(0.003);
    assertThat(point(s, "ml_stage_duration_seconds", "model_name", "fraud", "stage", "preprocess").getCount()).isZero();
    assertThat(point(s, "ml_model_forward_duration_seconds", "model_name", "fraud", "model_version", "1").getCount()).isEqualTo(1);
    assertThat(point(s, "ml_feature_retrieval_duration_seconds", "model_name", "fraud", "cache_hit", "true").getSum()).isEqualTo(0.002);
    assertThat(point(s, "ml_feature_retrieval_duration_seconds", "model_name", "fraud", "cache_hit", "false").getCount()).isZero();
    assertThat(point(s, "ml_feature_age_seconds", "model_name", "fraud").getSum()).isEqualTo(0.5);
    HistogramDataPointSnapshot batch = point(s, "ml_inference_batch_size", "model_name", "fraud");
    assertThat(batch.getSum()).isEqualTo(4);
    assertThat(cumulative(batch, 2)).isZero();
    assertThat(cumulative(batch, 4)).isEqualTo(1);
  }

  @Test
  void skipsTheDurationsTheListenerRefused() {
    RequestRecorder recorder = recorder(2);
    recorder.record(closedRequest(), RequestFamily.SKIP_REQUEST | RequestFamily.SKIP_RETRIEVAL
        | RequestFamily.skipStage(Stage.FORWARD));
    MetricSnapshots s = scrape(recorder);
    assertThat(point(s, "ml_inference_duration_seconds", "model_name", "fraud", "model_version", "1").getCount()).isZero();
    assertThat(point(s, "ml_stage_duration_seconds", "model_name", "fraud", "stage", "forward").getCount()).isZero();
    assertThat(point(s, "ml_model_forward_duration_seconds", "model_name", "fraud", "model_version", "1").getCount()).isZero();
    assertThat(point(s, "ml_feature_retrieval_duration_seconds", "model_name", "fraud", "cache_hit", "true").getCount()).isZero();
    assertThat(point(s, "ml_stage_duration_seconds", "model_name", "fraud", "stage", "features").getCount()).isEqualTo(1);
    assertThat(counter(s, "ml_inference_requests", "model_name", "fraud", "model_version", "1", "status", "success")).isEqualTo(1);
  }

  @Test
  void eightThreadsRecordExactlyWithDefaultStripes() throws Exception {
    assertExactUnderConcurrency(recorder(StripedLongs.defaultStripes()));
  }

  @Test
  void eightThreadsRecordExactlyThroughTheSharedFallbackStripe() throws Exception {
    assertExactUnderConcurrency(recorder(1));
  }

  private void assertExactUnderConcurrency(RequestRecorder recorder) throws Exception {
    Inference inf = closedRequest();
    StripedLongsTest.runConcurrently(() -> recorder.record(inf, 0));
    long total = 8L * 200_000;
    MetricSnapshots s = scrape(recorder);
    assertThat(counter(s, "ml_inference_requests", "model_name", "fraud", "model_version", "1", "status", "success")).isEqualTo(total);
    assertThat(counter(s, "ml_inference_samples", "model_name", "fraud", "model_version", "1")).isEqualTo(4.0 * total);
    HistogramDataPointSnapshot request = point(s, "ml_inference_duration_seconds", "model_name", "fraud", "model_version", "1");
    assertThat(request.getCount()).isEqualTo(total);
    assertThat(cumulative(request, 0.005)).isEqualTo(total);
    assertThat(request.getSum()).isEqualTo(0.005 * total, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(point(s, "ml_stage_duration_seconds", "model_name", "fraud", "stage", "forward").getCount()).isEqualTo(total);
    assertThat(point(s, "ml_inference_batch_size", "model_name", "fraud").getSum()).isEqualTo(4.0 * total);
  }

  @Test
  void aScrapeDuringRecordingShowsCountsEqualToTheirInfBucket() throws Exception {
    RequestRecorder recorder = recorder(2);
    Inference inf = closedRequest();
    AtomicBoolean stop = new AtomicBoolean();
    java.util.concurrent.atomic.AtomicLong recorded = new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.atomic.AtomicReference<Throwable> writerFailure =
        new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.CountDownLatch writing = new java.util.concurrent.CountDownLatch(1);
    Thread writer = new Thread(() -> {
      try {
        while (!stop.get()) {
          recorder.record(inf, 0);
          recorded.incrementAndGet();
          writing.countDown();
        }
      } catch (Throwable t) {
        writerFailure.set(t);
        writing.countDown();
      }
    });
    writer.start();
    long maxSeenWhileWriting = 0;
    try {
      assertThat(writing.await(10, java.util.concurrent.TimeUnit.SECONDS)).as("the writer records").isTrue();
      for (int i = 0; i < 200; i++) {
        for (MetricSnapshot family : scrape(recorder)) {
          if (family instanceof HistogramSnapshot) {
            for (HistogramDataPointSnapshot p : ((HistogramSnapshot) family).getDataPoints()) {
              assertThat(p.getCount()).isEqualTo(cumulative(p, Double.POSITIVE_INFINITY));
              maxSeenWhileWriting = Math.max(maxSeenWhileWriting, p.getCount());
            }
          }
        }
      }
    } finally {
      stop.set(true);
      writer.join();
    }
    assertThat(writerFailure.get()).as("the writer thread's exception").isNull();
    assertThat(maxSeenWhileWriting).as("the scrapes saw the writer's requests").isPositive();
    // Once the writer stopped, every series the request feeds shows each recorded request once
    // (series it does not feed, such as the other cache_hit value, stay at 0).
    long fed = 0;
    for (MetricSnapshot family : scrape(recorder)) {
      if (family instanceof HistogramSnapshot) {
        for (HistogramDataPointSnapshot p : ((HistogramSnapshot) family).getDataPoints()) {
          if (p.getCount() != 0) {
            assertThat(p.getCount()).as(family.getMetadata().getName()).isEqualTo(recorded.get());
            fed++;
          }
        }
      }
    }
    assertThat(fed).as("histogram series fed by the request").isPositive();
  }
}
