package io.infersight.examples.fraud;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.infersight.core.InferenceObserver;
import io.infersight.core.http.CorrelationIdFilter;
import io.infersight.drift.FeatureDriftMonitor;
import io.infersight.drift.InfersightDrift;
import io.infersight.drift.ReferenceProfile;
import io.infersight.gpu.InfersightGpu;
import io.infersight.logging.InfersightLogging;
import io.infersight.metrics.InfersightMetrics;
import io.infersight.tracing.InfersightTracing;
import io.infersight.tracing.InfersightTracingBuilder;
import io.infersight.tracing.TraceStore;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fraud-detection demo: trains the model, profiles the training data for drift, wires every
 * Infersight pillar into one observer, serves {@code /predict} and the debug endpoints on the
 * JDK {@code HttpServer}, generates traffic and switches the fault on after a delay.
 */
public final class DemoApp implements AutoCloseable {
  /** The model the demo serves. */
  public static final String MODEL_NAME = "fraud-detector";
  public static final String MODEL_VERSION = "2.1.0";
  public static final String GIT_COMMIT = "3f2a9c1";
  /** Where the demo writes its reference profile and training sample. */
  public static final Path OUTPUT_DIR = Path.of("demo-output");
  /** Requests in progress at once (each on its own thread); a connection beyond that is closed. */
  static final int MAX_EXCHANGES = 128;
  /** Threads that score {@code /predict} requests. */
  static final int SCORING_THREADS = 16;
  /** Scoring requests waiting for a thread; beyond that {@code /predict} answers 503. */
  static final int SCORING_QUEUE = 64;

  private final DemoOptions options;
  private final PrintStream console;
  private final SyntheticData world;
  private final PrometheusMeterRegistry registry;
  private final TraceStore traceStore;
  private final InferenceObserver observer;
  private final FeatureStore store;
  private final Faults faults;
  private final HttpServer server;
  private final ExchangeExecutor exchanges;
  private final ThreadPoolExecutor scoring;
  private final String adminToken;
  private final ScheduledExecutorService timers;
  private final TrafficGenerator traffic;
  private final StatusLine status;
  private final FeatureDriftMonitor drift;
  private final CountDownLatch ended = new CountDownLatch(1);
  private volatile boolean faultOn;
  // ---- serving-pattern workloads (--workload) ----
  private final WorkloadOptions workload;
  /** The batch workload's batcher, or null. */
  private final DynamicBatcher batcher;
  /** The generate workload's observer (model tiny-lm), or null. */
  private final InferenceObserver generation;
  private final GenerateTraffic generateTraffic;

  private DemoApp(DemoOptions options, WorkloadOptions workload, PrintStream console) throws IOException {
    this.options = options;
    this.workload = workload;
    this.console = console;
    long t0 = System.nanoTime();
    world = new SyntheticData(2_000, 42);
    SyntheticData.TrainingSet training = world.trainingSet(20_000, 7);
    FraudModel model = FraudModel.train(training, 250, 0.5);
    ReferenceProfile profile = ReferenceProfiles.fromTraining(training, model);
    Path profileFile = OUTPUT_DIR.resolve("reference-profile.json");
    Files.createDirectories(OUTPUT_DIR);
    profile.save(profileFile);
    ReferenceProfiles.writeCsv(training, model, OUTPUT_DIR.resolve("training-sample.csv"), 5_000);
    console.printf("trained %s %s in %d ms (accuracy %.3f on its training data); drift reference"
            + " written to %s%n", MODEL_NAME, MODEL_VERSION, (System.nanoTime() - t0) / 1_000_000,
        model.accuracy(training, FraudService.DECLINE_AT), profileFile);

    registry = InfersightMetrics.prometheusRegistry();
    traceStore = TraceStore.builder().maxRecent(100).maxSlowest(20).maxErrors(50).build();
    InfersightTracingBuilder tracingBuilder = InfersightTracing.sdkBuilder()
        .serviceName("fraud-api").serviceVersion("1.4.0").model(MODEL_NAME, MODEL_VERSION)
        .samplingRatio(0.1).traceStore(traceStore);
    if (options.otlpEndpoint() != null) {
      tracingBuilder.endpoint(options.otlpEndpoint());
    } else if (!otlpConfiguredByEnvironment()) {
      tracingBuilder.exportOtlp(false);
    }
    InfersightTracing tracing = tracingBuilder.build();
    drift = InfersightDrift.listenerBuilder(profile, registry)
        .windowByTime(Duration.ofSeconds(10), 6)
        .recomputeInterval(Duration.ofSeconds(5))
        .build();
    status = new StatusLine(registry);
    observer = options.observer() == ObserverMode.NOOP ? InferenceObserver.noop() : InferenceObserver.builder()
        .model(MODEL_NAME, MODEL_VERSION, GIT_COMMIT)
        .featureSchema(SyntheticData.FEATURES)
        .slowThreshold(Duration.ofMillis(150))
        .rejectOn(FraudService.INVALID_INPUT) // answered 400: status="rejected", not an error
        .addListener(tracing.listener())
        .addListener(InfersightMetrics.listenerBuilder(registry).nativeHistograms(options.nativeHistograms()).build())
        .addListener(InfersightLogging.listener())
        .addListener(drift)
        .addListener(InfersightGpu.listenerBuilder(registry).interval(Duration.ofSeconds(5)).build())
        .addListener(status)
        .build();

    store = new FeatureStore(world, Clock.systemUTC());
    faults = new Faults(store);
    batcher = workload.workload() == Workload.BATCH
        ? new DynamicBatcher(observer, model, faults, workload.maxBatchSize(), workload.maxBatchWait()) : null;
    FraudService service = new FraudService(observer, store, model, faults).batcher(batcher);
    generation = workload.workload() == Workload.GENERATE
        ? InferenceObserver.builder().model(TinyLanguageModel.NAME, TinyLanguageModel.VERSION)
            .slowThreshold(Duration.ofSeconds(2))
            .addListener(InfersightTracing.listenerBuilder(tracing.openTelemetry()).samplingRatio(0.1).build())
            .addListener(InfersightMetrics.listenerBuilder(registry).nativeHistograms(options.nativeHistograms()).build())
            .addListener(InfersightLogging.listener())
            .build()
        : null;
    ObjectMapper json = new ObjectMapper();

    AtomicInteger threadId = new AtomicInteger();
    // Scoring has its own bounded pool: when it is full /predict answers 503 at once, and the
    // exchange threads stay free for /healthz and /metrics.
    scoring = new ThreadPoolExecutor(SCORING_THREADS, SCORING_THREADS, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(SCORING_QUEUE), r -> {
          Thread t = new Thread(r, "demo-score-" + threadId.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    exchanges = new ExchangeExecutor("demo-http", MAX_EXCHANGES, options.requestTimeout());
    adminToken = options.admin() ? newToken() : null;
    server = HttpServer.create(new InetSocketAddress(options.bind(), options.port()), 128);
    DemoEndpoints.register(server, new DemoEndpoints.Services(observer, service, scoring, registry,
        new TracePages(traceStore, json), faults, this::onFault,
        adminToken == null ? null : adminToken.getBytes(StandardCharsets.UTF_8), drift::report), json);
    if (generation != null) {
      server.createContext("/generate", new GenerateEndpoint(generation, new TinyLanguageModel(faults), json))
          .getFilters().add(CorrelationIdFilter.create(generation));
    }
    server.setExecutor(exchanges);
    server.start();

    timers = Executors.newScheduledThreadPool(1, r -> {
      Thread t = new Thread(r, "demo-timers");
      t.setDaemon(true);
      return t;
    });
    boolean generating = workload.workload() == Workload.GENERATE;
    traffic = options.rps() > 0 && !generating
        ? new TrafficGenerator(world, URI.create(baseUrl()), options.rps()) : null;
    generateTraffic = options.rps() > 0 && generating ? new GenerateTraffic(URI.create(baseUrl()), options.rps()) : null;
  }

  private static String newToken() {
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  /** {@code http://host:port} of the server; loopback when it listens on all interfaces. */
  private String baseUrl() {
    InetAddress bound = server.getAddress().getAddress();
    InetAddress host = bound.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : bound;
    String literal = host instanceof Inet6Address ? "[" + host.getHostAddress() + "]" : host.getHostAddress();
    return "http://" + literal + ":" + port();
  }

  /**
   * Whether the OpenTelemetry environment names where traces go ({@code OTEL_EXPORTER_OTLP_ENDPOINT},
   * its traces variant, {@code OTEL_TRACES_EXPORTER}, or their {@code otel.*} system properties):
   * then the demo exports as configured even without {@code --otlp-endpoint}.
   */
  static boolean otlpConfiguredByEnvironment() {
    for (String property : new String[] {"otel.exporter.otlp.endpoint", "otel.exporter.otlp.traces.endpoint",
        "otel.traces.exporter"}) {
      String env = property.toUpperCase(java.util.Locale.ROOT).replace('.', '_');
      if (notBlank(System.getProperty(property)) || notBlank(System.getenv(env))) {
        return true;
      }
    }
    return false;
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }

  /** Builds and starts the demo, printing to {@code System.err}. */
  public static DemoApp start(DemoOptions options) throws IOException {
    return start(options, System.err);
  }

  /** Builds and starts the demo, printing where to look and the status lines to {@code console}. */
  public static DemoApp start(DemoOptions options, PrintStream console) throws IOException {
    return start(options, WorkloadOptions.defaults(), console);
  }

  /** Builds and starts the demo serving {@code workload}. */
  public static DemoApp start(DemoOptions options, WorkloadOptions workload, PrintStream console)
      throws IOException {
    DemoApp app = new DemoApp(options, workload, console);
    app.run();
    return app;
  }

  private void run() {
    String base = baseUrl();
    console.println();
    console.println("Infersight demo: " + MODEL_NAME + " " + MODEL_VERSION + " on " + base
        + (server.getAddress().getAddress().isLoopbackAddress()
            ? " (this host only; --bind 0.0.0.0 listens on all interfaces)" : ""));
    console.println("  POST " + base + "/predict          score a payment (JSON)"
        + (batcher == null ? "" : "; batched: up to " + workload.maxBatchSize() + " requests a forward pass, "
            + workload.maxBatchWait().toMillis() + " ms wait"));
    if (generation != null) {
      console.println("  POST " + base + "/generate         {\"prompt\":\"...\",\"max_tokens\":32}, streamed as"
          + " server-sent events (model " + TinyLanguageModel.NAME + ")");
    }
    console.println("  GET  " + base + "/metrics          Prometheus / OpenMetrics");
    console.println("  GET  " + base + "/debug/traces/view  trace waterfall (JSON at /debug/traces)");
    console.println("  GET  " + base + "/debug/drift        live drift report (reference vs current window)");
    console.println("  GET  " + base + "/healthz");
    if (adminToken == null) {
      console.println("  (POST /admin/fault, which switches faults, is off; --admin turns it on)");
    } else {
      console.println("  POST " + base + "/admin/fault      {\"scenario\":\"cache-outage|slow-model|errors|healthy\"}");
      console.println("       with header 'Authorization: Bearer " + adminToken + "' (this run's admin token)");
    }
    if (options.scenario() != Scenario.HEALTHY) {
      console.println("Scenario " + options.scenario().cliName() + " switches on after " + human(options.faultAfter())
          + "; watch cache_hit, feature_age and worst_drift. JSON logs go to stdout.");
      timers.schedule(() -> onFault(options.scenario()), options.faultAfter().toMillis(), TimeUnit.MILLISECONDS);
    }
    console.println();
    if (traffic != null) {
      traffic.start();
    }
    if (generateTraffic != null) {
      generateTraffic.start();
    }
    long every = options.statusEvery().toMillis();
    timers.scheduleAtFixedRate(() -> console.println(status.report(faults.active(), faultOn)), every, every,
        TimeUnit.MILLISECONDS);
    if (!options.duration().isZero()) {
      timers.schedule(this::close, options.duration().toMillis(), TimeUnit.MILLISECONDS);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(this::close, "demo-shutdown"));
  }

  /** Switches the fault scenario now, as {@code POST /admin/fault} does. */
  public void switchScenario(Scenario scenario) {
    onFault(scenario);
  }

  private void onFault(Scenario scenario) {
    faults.activate(scenario);
    faultOn = scenario != Scenario.HEALTHY;
    console.println(">>> scenario switched to " + scenario.cliName());
  }

  private static String human(Duration d) {
    return d.toSeconds() % 60 == 0 && d.toSeconds() > 0 ? d.toMinutes() + "m" : d.toSeconds() + "s";
  }

  /** The bound HTTP port. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The address the HTTP server listens on. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** This run's token for {@code POST /admin/fault}, or {@code null} when the endpoint is off. */
  public String adminToken() {
    return adminToken;
  }

  public Faults faults() {
    return faults;
  }

  public InferenceObserver observer() {
    return observer;
  }

  /** The workload this demo serves. */
  public WorkloadOptions workload() {
    return workload;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public TraceStore traceStore() {
    return traceStore;
  }

  /** Recomputes drift now (tests use it instead of waiting for the timer). */
  public void recomputeDrift() {
    drift.recomputeNow();
  }

  /** Blocks until the demo ends (its duration passes, or it is closed). */
  public void awaitEnd() throws InterruptedException {
    ended.await();
  }

  @Override
  public void close() {
    if (ended.getCount() == 0) {
      return;
    }
    if (traffic != null) {
      traffic.close();
    }
    if (generateTraffic != null) {
      generateTraffic.close();
    }
    timers.shutdown();
    server.stop(0);
    exchanges.close();
    scoring.shutdownNow();
    if (batcher != null) {
      batcher.close();
    }
    if (generation != null) {
      generation.close();
    }
    observer.close();
    ended.countDown();
  }
}
