package io.infersight.cli;

import io.infersight.examples.fraud.DemoApp;
import io.infersight.examples.fraud.DemoOptions;
import io.infersight.examples.fraud.ObserverMode;
import io.infersight.examples.fraud.Scenario;
import io.infersight.examples.fraud.Workload;
import io.infersight.examples.fraud.WorkloadOptions;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code infersight demo}: the fraud service that replays the incident. */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
    description = "Run the fraud-detection demo: a model server, traffic, and a fault that replays"
        + " the cache-outage incident. Metrics, traces and logs are live while it runs.")
final class DemoCommand implements Callable<Integer> {

  @Option(names = "--port", defaultValue = "8080", description = "HTTP port (0 picks a free one). Default: ${DEFAULT-VALUE}")
  int port;

  @Option(names = "--rps", defaultValue = "20", description = "Requests per second of generated traffic (0 = none). Default: ${DEFAULT-VALUE}")
  double rps;

  @Option(names = "--scenario", defaultValue = "cache-outage",
      description = "healthy, cache-outage, slow-model or errors. Default: ${DEFAULT-VALUE}")
  String scenario;

  @Option(names = "--fault-after", defaultValue = "2m", converter = DurationConverter.class,
      description = "When the scenario's fault switches on (e.g. 90s, 2m). Default: ${DEFAULT-VALUE}")
  Duration faultAfter;

  @Option(names = "--duration", defaultValue = "0", converter = DurationConverter.class,
      description = "How long to run; 0 runs until stopped. Default: ${DEFAULT-VALUE}")
  Duration duration;

  @Option(names = "--otlp-endpoint", description = "Export traces over OTLP/gRPC to this endpoint"
      + " (e.g. http://localhost:4317). For OTLP/HTTP set OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf"
      + " and give http://localhost:4318. Without it, the OTEL_* variables decide"
      + " (OTEL_EXPORTER_OTLP_ENDPOINT ...); with none set, traces go to the embedded store only.")
  String otlpEndpoint;

  @Option(names = "--status-every", defaultValue = "5s", converter = DurationConverter.class,
      description = "Interval of the status line. Default: ${DEFAULT-VALUE}")
  Duration statusEvery;

  @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Interface to listen on: 127.0.0.1 (this"
      + " host only) or 0.0.0.0 (all interfaces, e.g. for Prometheus in a container). Default: ${DEFAULT-VALUE}")
  InetAddress bind;

  @Option(names = "--admin", description = "Serve POST /admin/fault, which switches the fault scenario; it"
      + " needs the token printed at start (Authorization: Bearer <token>). Off by default.")
  boolean admin;

  @Option(names = "--request-timeout", defaultValue = "10s", converter = DurationConverter.class,
      description = "How long one HTTP request may take from its first byte to the end of the response;"
      + " slower clients are disconnected. Default: ${DEFAULT-VALUE}")
  Duration requestTimeout;

  @Option(names = "--observer", defaultValue = "default", description = "default (every pillar) or noop"
      + " (InferenceObserver.noop(): no instrumentation, the baseline of the whole-server benchmark)."
      + " Default: ${DEFAULT-VALUE}")
  String observer;

  @Option(names = "--native-histograms", description = "Also keep Prometheus native histogram buckets on"
      + " the latency histograms (ml_inference_duration_seconds and the stage, forward and feature-retrieval"
      + " ones), served only to a scraper that asks for protobuf: Prometheus started with"
      + " --enable-feature=native-histograms. The classic buckets stay for text and OpenMetrics scrapes."
      + " Such a Prometheus (2.42) then stores these series as native histograms only, so the shipped"
      + " alert rules on _bucket series go empty there. Off by default.")
  boolean nativeHistograms;

  // ---- serving-pattern workloads ----

  @Option(names = "--workload", defaultValue = "fraud",
      description = "fraud (one forward pass a request), batch (/predict behind a dynamic batcher) or"
      + " generate (a small token-generating model on POST /generate, streamed as server-sent events)."
      + " Under batch the slow-model scenario builds a queue; under generate it regresses the time to"
      + " first token. Default: ${DEFAULT-VALUE}")
  String workload;

  @Option(names = "--max-batch-size", defaultValue = "16",
      description = "batch workload: the most requests one forward pass runs. Default: ${DEFAULT-VALUE}")
  int maxBatchSize;

  @Option(names = "--max-batch-wait", defaultValue = "60ms", converter = DurationConverter.class,
      description = "batch workload: how long a request may wait in the batcher's queue for more to join its batch."
      + " Default: ${DEFAULT-VALUE}")
  Duration maxBatchWait;

  @Override
  public Integer call() throws Exception {
    // DemoOptions checks every value and names the option that is wrong.
    DemoOptions options = new DemoOptions(port, rps, Scenario.parse(scenario), faultAfter, duration,
        otlpEndpoint, statusEvery, bind, admin, requestTimeout)
        .withObserver(ObserverMode.parse(observer))
        .withNativeHistograms(nativeHistograms);
    WorkloadOptions serving = new WorkloadOptions(Workload.parse(workload), maxBatchSize, maxBatchWait);
    DemoApp app = DemoApp.start(options, serving, System.err);
    app.awaitEnd();
    return 0;
  }
}
