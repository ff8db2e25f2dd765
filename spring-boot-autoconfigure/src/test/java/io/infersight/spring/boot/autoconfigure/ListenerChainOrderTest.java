package io.infersight.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infersight.core.InferenceListener;
import io.infersight.core.InferenceObserver;
import io.infersight.core.ListenerCapability;
import io.infersight.logging.InfersightLogging;
import io.infersight.tracing.InfersightTracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The starter's chain against what its listeners declare, and a misordered chain in both styles. */
class ListenerChainOrderTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(InfersightAutoConfiguration.class))
      .withPropertyValues("infersight.gpu.enabled=false", "infersight.model.name=fraud")
      .withBean(MeterRegistry.class, SimpleMeterRegistry::new);

  /** Puts trace IDs on requests, like a second tracer of the application's. */
  static final class AppTraceSource implements InferenceListener {
    @Override
    public Set<ListenerCapability> provides() {
      return Set.of(ListenerCapability.TRACE_IDS);
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class AppTraceSourceConfig {
    @Bean
    InferenceListener appTraceSource() {
      return new AppTraceSource();
    }
  }

  @Test
  void theStartersChainPutsEveryProviderOnTheSideItsReadersNeed() {
    runner.run(ctx -> {
      assertThat(ctx).hasNotFailed();
      List<InferenceListener> chain = ctx.getBean(InferenceObserver.class).listeners();
      assertThat(chain).extracting(l -> l.getClass().getSimpleName())
          .containsExactly("TraceKeeper", "TracingListener", "MetricsListener", "LoggingListener");
      InferenceListener keeper = chain.get(0);
      InferenceListener tracing = chain.get(1);
      InferenceListener metrics = chain.get(2);
      InferenceListener logging = chain.get(3);
      // detach runs in reverse: the keeper, first, restores the exchange's trace after logging restored the MDC.
      assertThat(keeper.needs()).containsExactly(ListenerCapability.THREAD_CONTEXT);
      assertThat(logging.provides()).containsExactly(ListenerCapability.THREAD_CONTEXT);
      // onStart and onEnd run in order: metrics and logging read the IDs tracing set.
      assertThat(tracing.provides()).containsExactly(ListenerCapability.TRACE_IDS);
      assertThat(metrics.needs()).containsExactly(ListenerCapability.TRACE_IDS);
      assertThat(logging.needs()).containsExactly(ListenerCapability.TRACE_IDS);
    });
  }

  @Test
  void anApplicationListenerThatProvidesTraceIdsFailsTheStartNamingBoth() {
    runner.withUserConfiguration(AppTraceSourceConfig.class).run(ctx -> {
      assertThat(ctx).hasFailed();
      Throwable c = ctx.getStartupFailure();
      while (c.getCause() != null) {
        c = c.getCause();
      }
      assertThat(c).isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("listeners: MetricsListener needs the request's trace IDs, which"
              + " AppTraceSource provides; add AppTraceSource (position 5) before MetricsListener (position 3)");
    });
  }

  @Test
  void aPlainBuilderWithLoggingBeforeTracingFailsNamingBoth() {
    InferenceObserver.Builder b = InferenceObserver.builder().model("fraud", "1")
        .addListener(InfersightLogging.listener())
        .addListener(InfersightTracing.listener(OpenTelemetry.noop()));
    assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class)
        .hasMessage("listeners: LoggingListener needs the request's trace IDs, which TracingListener"
            + " provides; add TracingListener (position 2) before LoggingListener (position 1)");
  }
}
