package io.infersight.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersight.core.Inference;
import io.infersight.core.InferenceListener;
import io.infersight.core.InferenceObserver;
import io.infersight.core.Stage;
import io.infersight.core.annotation.CorrelationId;
import io.infersight.core.annotation.ObservedInference;
import io.infersight.core.annotation.ObservedStage;
import io.infersight.metrics.InfersightMetrics;
import io.infersight.spring.boot.test.RecordInferences;
import io.infersight.testing.RecordedInference;
import io.infersight.testing.RecordedStage;
import io.infersight.testing.RecordingListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

@ExtendWith(OutputCaptureExtension.class)
class InfersightAutoConfigurationTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(InfersightAutoConfiguration.class))
      .withPropertyValues("infersight.gpu.enabled=false");

  @Test
  void observerWiresThePillarsInOrderThenTheApplicationsListeners() {
    runner.withPropertyValues("infersight.model.name=fraud", "infersight.model.version=2.1.0",
            "infersight.model.git-commit=abc123", "infersight.slow-threshold=250ms")
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withUserConfiguration(AppListeners.class)
        .run(ctx -> {
          assertThat(ctx).hasNotFailed().hasSingleBean(InferenceObserver.class);
          InferenceObserver observer = ctx.getBean(InferenceObserver.class);
          assertThat(observer.model().name()).isEqualTo("fraud");
          assertThat(observer.model().version()).isEqualTo("2.1.0");
          assertThat(observer.model().gitCommit()).isEqualTo("abc123");
          assertThat(observer.slowThresholdNanos()).isEqualTo(250_000_000L);
          List<String> kinds = observer.listeners().stream().map(l -> l.getClass().getName())
              .collect(Collectors.toList());
          assertThat(kinds).hasSize(6);
          assertThat(kinds.get(0)).contains("TraceKeeper");
          assertThat(kinds.get(1)).contains("TracingListener");
          assertThat(kinds.get(2)).contains("MetricsListener");
          assertThat(kinds.get(3)).contains("LoggingListener");
          assertThat(observer.listeners().get(4)).isSameAs(ctx.getBean("first"));
          assertThat(observer.listeners().get(5)).isSameAs(ctx.getBean("second"));
        });
  }

  @Test
  void theObserverIsClosedWithTheContext() {
    InferenceObserver[] seen = new InferenceObserver[1];
    ClosingListener closing = new ClosingListener();
    runner.withPropertyValues("infersight.model.name=fraud")
        .withBean(ClosingListener.class, () -> closing)
        .run(ctx -> seen[0] = ctx.getBean(InferenceObserver.class));
    assertThat(seen[0]).isNotNull();
    assertThat(closing.closed).isTrue();
  }

  @Test
  void missingModelNameFailsTheStartNamingTheProperty() {
    runner.run(ctx -> {
      assertThat(ctx).hasFailed();
      assertThat(rootCause(ctx.getStartupFailure())).isInstanceOf(InvalidConfigurationPropertyValueException.class)
          .hasMessageContaining("infersight.model.name");
    });
  }

  @Test
  void modelIdentityDefaultsToBootsBuildInfo() {
    Properties info = new Properties();
    info.setProperty("artifact", "fraud-api");
    info.setProperty("version", "1.4.0");
    runner.withBean(BuildProperties.class, () -> new BuildProperties(info)).run(ctx -> {
      assertThat(ctx).hasNotFailed();
      InferenceObserver observer = ctx.getBean(InferenceObserver.class);
      assertThat(observer.model().name()).isEqualTo("fraud-api");
      assertThat(observer.model().version()).isEqualTo("1.4.0");
    });
  }

  @Test
  void anUnparsableDurationFailsTheStartNamingTheProperty() {
    runner.withPropertyValues("infersight.model.name=fraud", "infersight.slow-threshold=soon").run(ctx -> {
      assertThat(ctx).hasFailed();
      assertThat(messages(ctx.getStartupFailure())).contains("infersight.slow-threshold");
    });
  }

  @Test
  void aNegativeDurationFailsTheStartNamingTheProperty() {
    runner.withPropertyValues("infersight.model.name=fraud", "infersight.slow-threshold=-5ms").run(ctx -> {
      assertThat(ctx).hasFailed();
      assertThat(rootCause(ctx.getStartupFailure())).hasMessageContaining("infersight.slow-threshold")
          .hasMessageContaining("positive");
    });
  }

  @Test
  void outOfRangeRatiosFailTheStartNamingTheProperty() {
    runner.withPropertyValues("infersight.model.name=fraud", "infersight.tracing.sampling-ratio=1.5")
        .run(ctx -> assertThat(rootCause(ctx.getStartupFailure()))
            .hasMessageContaining("infersight.tracing.sampling-ratio"));
    runner.withPropertyValues("infersight.model.name=fraud", "infersight.logging.sample-rate=-0.1")
        .run(ctx -> assertThat(rootCause(ctx.getStartupFailure()))
            .hasMessageContaining("infersight.logging.sample-rate"));
  }

  @Test
  void aMissingReferenceProfileFailsTheStartNamingTheProperty() {
    runner.withPropertyValues("infersight.model.name=fraud",
            "infersight.drift.reference-profile=classpath:no-such-profile.json")
        .run(ctx -> assertThat(rootCause(ctx.getStartupFailure()))
            .hasMessageContaining("infersight.drift.reference-profile"));
  }

  @Test
  void aBadHeaderNameFailsTheStartNamingTheProperty() {
    runner.withPropertyValues("infersight.model.name=fraud", "infersight.correlation-id.header=X Bad")
        .run(ctx -> assertThat(rootCause(ctx.getStartupFailure()))
            .hasMessageContaining("infersight.correlation-id.header"));
  }

  @Test
  void disabledConfiguresNothing() {
    runner.withPropertyValues("infersight.enabled=false").run(ctx -> {
      assertThat(ctx).hasNotFailed().doesNotHaveBean(InferenceObserver.class);
    });
  }

  @Test
  void anObserverOfTheApplicationWins() {
    InferenceObserver own = InferenceObserver.builder().model("own", "1").build();
    runner.withBean(InferenceObserver.class, () -> own).run(ctx -> {
      assertThat(ctx).hasNotFailed();
      assertThat(ctx.getBean(InferenceObserver.class)).isSameAs(own);
    });
  }

  @Test
  void bootsPrometheusRegistryGetsExemplarsAndTheInferenceSpanContext() {
    runner.withPropertyValues("infersight.model.name=fraud")
        .withBean(PrometheusMeterRegistry.class,
            () -> new PrometheusMeterRegistry(io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT))
        .run(ctx -> {
          assertThat(ctx).hasNotFailed();
          assertThat(ctx.getBean(io.prometheus.metrics.tracer.common.SpanContext.class))
              .isSameAs(InfersightMetrics.exemplarSpanContext());
        });
  }

  @Test
  void anApplicationSpanContextIsKeptBehindTheRequestsTrace() {
    io.prometheus.metrics.tracer.common.SpanContext own = new io.prometheus.metrics.tracer.common.SpanContext() {
      @Override
      public String getCurrentTraceId() {
        return "0af7651916cd43dd8448eb211c80319c";
      }

      @Override
      public String getCurrentSpanId() {
        return "b7ad6b7169203331";
      }

      @Override
      public boolean isCurrentSpanSampled() {
        return true;
      }

      @Override
      public void markCurrentSpanAsExemplar() {}
    };
    runner.withPropertyValues("infersight.model.name=fraud")
        .withBean(io.prometheus.metrics.tracer.common.SpanContext.class, () -> own)
        .run(ctx -> {
          io.prometheus.metrics.tracer.common.SpanContext bean =
              ctx.getBean(io.prometheus.metrics.tracer.common.SpanContext.class);
          assertThat(bean).isInstanceOf(PreferInferenceSpanContext.class);
          // No request is being recorded: the application's answers.
          assertThat(bean.getCurrentTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
          InferenceObserver observer = ctx.getBean(InferenceObserver.class);
          try (Inference inf = observer.start("with-trace")) {
            inf.setTrace("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", true);
            assertThat(bean.getCurrentTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
            assertThat(bean.getCurrentSpanId()).isEqualTo("00f067aa0ba902b7");
          }
        });
  }

  @Test
  void selfCalledStagesOfAPlainBeanAreTimed(CapturedOutput output) {
    runner.withPropertyValues("infersight.model.name=fraud", "infersight.logging.enabled=false")
        .withUserConfiguration(RecordingConfig.class, PlainPredictor.class)
        .run(ctx -> {
          assertThat(ctx).hasNotFailed();
          PlainPredictor predictor = ctx.getBean(PlainPredictor.class);
          assertThat(predictor.threshold).isEqualTo(0.5);   // injected as usual
          assertThat(predictor.predict("req-1", 3)).isEqualTo("decline");
          RecordingListener recorded = ctx.getBean(RecordingListener.class);
          RecordedInference r = recorded.last();
          assertThat(r.correlationId()).isEqualTo("req-1");
          assertThat(r.stages().stream().map(RecordedStage::stage).collect(Collectors.toList()))
              .containsExactly(Stage.PREPROCESS, Stage.FEATURES, Stage.FORWARD, Stage.POSTPROCESS);
          assertThat(output).contains("cannot be intercepted").contains("PlainPredictor.hidden (private)");
        });
  }

  @Test
  void anExceptionOfAStageFailsTheRequestAndComesOutUnchanged() {
    runner.withPropertyValues("infersight.model.name=fraud", "infersight.logging.enabled=false")
        .withUserConfiguration(RecordingConfig.class, PlainPredictor.class)
        .run(ctx -> {
          PlainPredictor predictor = ctx.getBean(PlainPredictor.class);
          IOException thrown = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
              () -> predictor.checked(true));
          assertThat(thrown).hasMessage("store down");
          RecordedInference r = ctx.getBean(RecordingListener.class).last();
          assertThat(r.status()).isEqualTo(io.infersight.core.Status.ERROR);
          assertThat(r.error()).isSameAs(thrown);
        });
  }

  @Test
  void anExceptionOutsideAnyStageFailsTheRequestAndComesOutUnchanged() {
    runner.withPropertyValues("infersight.model.name=fraud", "infersight.logging.enabled=false")
        .withUserConfiguration(RecordingConfig.class, PlainPredictor.class)
        .run(ctx -> {
          PlainPredictor predictor = ctx.getBean(PlainPredictor.class);
          IOException thrown = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
              () -> predictor.unreachableStore("req-3"));
          RecordedInference r = ctx.getBean(RecordingListener.class).last();
          assertThat(r.correlationId()).isEqualTo("req-3");
          assertThat(r.stages()).isEmpty();
          assertThat(r.status()).isEqualTo(io.infersight.core.Status.ERROR);
          assertThat(r.error()).isSameAs(thrown);
        });
  }

  @Test
  void aBeanMadeByABeanMethodIsRecordedFromOutsideAndTheLimitIsLogged(CapturedOutput output) {
    runner.withPropertyValues("infersight.model.name=fraud", "infersight.logging.enabled=false")
        .withUserConfiguration(RecordingConfig.class, FactoryMade.class)
        .run(ctx -> {
          assertThat(ctx).hasNotFailed();
          PlainPredictor predictor = ctx.getBean(PlainPredictor.class);
          assertThat(predictor.predict("req-2", 1)).isEqualTo("approve");
          RecordedInference r = ctx.getBean(RecordingListener.class).last();
          assertThat(r.correlationId()).isEqualTo("req-2");
          assertThat(r.stages()).isEmpty();
          assertThat(output).contains("is made by a @Bean method");
        });
  }

  @Test
  void recordInferencesAddsARecordingListener() {
    runner.withPropertyValues("infersight.model.name=fraud")
        .withUserConfiguration(Recorded.class)
        .run(ctx -> {
          RecordingListener recorded = ctx.getBean(RecordingListener.class);
          assertThat(ctx.getBean(InferenceObserver.class).listeners()).contains(recorded);
        });
  }

  private static Throwable rootCause(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }

  private static String messages(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c.getMessage()).append('\n');
    }
    return sb.toString();
  }

  @Configuration(proxyBeanMethods = false)
  static class AppListeners {
    @Bean
    @Order(2)
    InferenceListener second() {
      return new InferenceListener() {};
    }

    @Bean
    @Order(1)
    InferenceListener first() {
      return new InferenceListener() {};
    }
  }

  static class ClosingListener implements InferenceListener {
    volatile boolean closed;

    @Override
    public void close(long timeoutMillis) {
      closed = true;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class RecordingConfig {
    @Bean
    RecordingListener recording() {
      return RecordingListener.create();
    }
  }

  @RecordInferences
  @Configuration(proxyBeanMethods = false)
  static class Recorded {}

  @Configuration(proxyBeanMethods = false)
  static class FactoryMade {
    @Bean
    PlainPredictor predictor() {
      return new PlainPredictor(0.5);
    }
  }

  /** The common shape: one public method calling the bean's own stage methods through this. */
  @Component
  static class PlainPredictor {
    final double threshold;

    PlainPredictor(@Value("${predictor.threshold:0.5}") double threshold) {
      this.threshold = threshold;
    }

    @ObservedInference
    public String predict(@CorrelationId String requestId, int amount) {
      double[] x = preprocess(amount);
      double[] f = features(x);
      double score = forward(f);
      return postprocess(score);
    }

    @ObservedStage(Stage.PREPROCESS)
    double[] preprocess(int amount) {
      return new double[] {amount};
    }

    @ObservedStage(Stage.FEATURES)
    protected double[] features(double[] x) {
      return new double[] {x[0], hidden()};
    }

    @ObservedStage(Stage.FORWARD)
    public double forward(double[] f) {
      assertThat(Inference.current().isRecording()).isTrue();
      return f[0] > 2 ? 0.9 : 0.1;
    }

    @ObservedStage(Stage.POSTPROCESS)
    public String postprocess(double score) {
      return score > threshold ? "decline" : "approve";
    }

    @ObservedStage(Stage.FEATURES)
    private double hidden() {
      return 1;
    }

    @ObservedInference
    public String checked(boolean fail) throws IOException {
      return load(fail);
    }

    @ObservedInference
    public String unreachableStore(@CorrelationId String requestId) throws IOException {
      throw new IOException("store unreachable");
    }

    @ObservedStage(Stage.FEATURES)
    String load(boolean fail) throws IOException {
      if (fail) {
        throw new IOException("store down");
      }
      return "ok";
    }
  }
}
