package io.infersight.tracing;

import io.infersight.core.InferenceListener;
import io.infersight.core.InferenceObserver;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** An SDK on an in-memory exporter, a fake clock and observers over them. */
final class TracingFixture implements AutoCloseable {
  static final String MODEL = "fraud-detector";
  static final String VERSION = "2.1.0";
  static final Duration SLOW = Duration.ofMillis(500);

  final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  final FakeClock clock = new FakeClock();
  final OpenTelemetrySdk sdk;

  /** With the sampler the convenience builder installs (Infersight-aware, everything else on). */
  TracingFixture() {
    this(InfersightSampler.create(Sampler.parentBased(Sampler.alwaysOn())));
  }

  TracingFixture(Sampler sampler) {
    sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder()
            .setSampler(sampler)
            .addSpanProcessor(SimpleSpanProcessor.create(exporter))
            .build())
        .build();
  }

  InferenceObserver observer(InferenceListener... listeners) {
    InferenceObserver.Builder b = InferenceObserver.builder()
        .model(MODEL, VERSION)
        .clock(clock)
        .slowThreshold(SLOW);
    for (InferenceListener l : listeners) {
      b.addListener(l);
    }
    return b.build();
  }

  TracingListener listener(double ratio) {
    return InfersightTracing.listenerBuilder(sdk).samplingRatio(ratio).build();
  }

  List<SpanData> spans() {
    return exporter.getFinishedSpanItems();
  }

  SpanData span(String name) {
    List<SpanData> matches = spans().stream().filter(s -> s.getName().equals(name)).collect(Collectors.toList());
    if (matches.size() != 1) {
      throw new AssertionError("expected one span named " + name + ", got " + spans());
    }
    return matches.get(0);
  }

  @Override
  public void close() {
    sdk.close();
  }
}
