package io.infersight.spring.boot.autoconfigure;

import io.infersight.core.ModelId;
import io.infersight.drift.FeatureDriftMonitor;
import io.infersight.drift.InfersightDrift;
import io.infersight.drift.ReferenceProfile;
import io.infersight.gpu.GpuListener;
import io.infersight.gpu.InfersightGpu;
import io.infersight.logging.InfersightLogging;
import io.infersight.metrics.InfersightMetrics;
import io.infersight.tracing.InfersightTracing;
import io.infersight.tracing.InfersightTracingBuilder;
import io.infersight.tracing.TraceStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.info.GitProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;

/** One configuration per pillar, each active only when its module (and what it needs) is there. */
final class PillarConfigurations {
  private PillarConfigurations() {}

  /**
   * Spans: over the Java agent's OpenTelemetry when the agent runs, else over the application's own
   * OpenTelemetry when it traces somewhere (an {@code SdkTracerProvider} bean, or an {@code
   * OpenTelemetry} bean the application defined itself), else over Infersight's own SDK, which keeps
   * traces in an embedded store and exports OTLP only when {@code infersight.tracing.otlp-endpoint}
   * is set.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = {"io.infersight.tracing.InfersightTracing", "io.opentelemetry.sdk.OpenTelemetrySdk"})
  @ConditionalOnProperty(prefix = "infersight.tracing", name = "enabled", matchIfMissing = true)
  static class Tracing {
    @Bean
    PillarListener infersightTracingListener(InfersightProperties properties, Environment environment,
        ConfigurableListableBeanFactory beanFactory, ObjectProvider<BuildProperties> build,
        ObjectProvider<GitProperties> git) {
      return new PillarListener(PillarListener.TRACING,
          () -> tracing(properties, environment, beanFactory, build, git));
    }

    private static PillarListener.Made tracing(InfersightProperties properties, Environment environment,
        ConfigurableListableBeanFactory beanFactory, ObjectProvider<BuildProperties> build,
        ObjectProvider<GitProperties> git) {
      double ratio = properties.getTracing().getSamplingRatio();
      OpenTelemetry app = applicationOpenTelemetry(beanFactory);
      if (agentPresent()) {
        return new PillarListener.Made("tracing (OpenTelemetry Java agent)",
            InfersightTracing.listenerBuilder(GlobalOpenTelemetry.get()).samplingRatio(ratio).build(), null);
      }
      if (app != null) {
        return new PillarListener.Made("tracing (application OpenTelemetry)",
            InfersightTracing.listenerBuilder(app).samplingRatio(ratio).build(), null);
      }
      ModelId model = InfersightAutoConfiguration.modelId(properties, build.getIfAvailable(), git.getIfAvailable());
      String service = properties.getTracing().getServiceName() != null
          ? properties.getTracing().getServiceName()
          : environment.getProperty("spring.application.name", model.name());
      TraceStore store = TraceStore.create();
      InfersightTracingBuilder b = InfersightTracing.sdkBuilder().serviceName(service).model(model)
          .samplingRatio(ratio).traceStore(store);
      String endpoint = properties.getTracing().getOtlpEndpoint();
      if (endpoint == null || endpoint.isBlank()) {
        b.exportOtlp(false);
      } else {
        try {
          b.endpoint(endpoint);
        } catch (IllegalArgumentException e) {
          throw InfersightProperties.invalid("infersight.tracing.otlp-endpoint", endpoint, e.getMessage());
        }
      }
      InfersightTracing tracing = b.build();
      return new PillarListener.Made(
          "tracing (Infersight SDK, embedded store" + (endpoint == null || endpoint.isBlank() ? ")" : ", OTLP " + endpoint + ")"),
          tracing.listener(), store);
    }

    /**
     * The application's OpenTelemetry when it traces somewhere: with an {@code SdkTracerProvider}
     * bean (Boot's tracing auto-configuration), or defined by the application itself. Boot's bare
     * SDK (no tracer provider bean) exports nowhere, so Infersight's own SDK is used instead.
     */
    private static @Nullable OpenTelemetry applicationOpenTelemetry(ConfigurableListableBeanFactory bf) {
      String[] names = bf.getBeanNamesForType(OpenTelemetry.class, true, false);
      if (names.length != 1) {
        return null;
      }
      boolean tracerProvider = bf.getBeanNamesForType(
          io.opentelemetry.sdk.trace.SdkTracerProvider.class, true, false).length > 0;
      if (!tracerProvider && definedByBoot(bf, names[0])) {
        return null;
      }
      return bf.getBean(names[0], OpenTelemetry.class);
    }

    private static boolean definedByBoot(ConfigurableListableBeanFactory bf, String name) {
      if (!bf.containsBeanDefinition(name)) {
        return false;
      }
      BeanDefinition bd = bf.getBeanDefinition(name);
      String factory = bd.getFactoryBeanName();
      String type = factory != null && bf.containsBeanDefinition(factory)
          ? bf.getBeanDefinition(factory).getBeanClassName() : bd.getBeanClassName();
      return type != null && type.startsWith("org.springframework.boot.");
    }

    private static boolean agentPresent() {
      try {
        Class.forName("io.opentelemetry.javaagent.OpenTelemetryAgent", false, ClassLoader.getSystemClassLoader());
        return true;
      } catch (ClassNotFoundException | LinkageError e) {
        return false;
      }
    }
  }

  /** Metrics into Boot's MeterRegistry (its Prometheus registry when that is there). */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = {"io.infersight.metrics.InfersightMetrics",
      "io.micrometer.prometheusmetrics.PrometheusMeterRegistry"})
  @ConditionalOnBean(MeterRegistry.class)
  @ConditionalOnProperty(prefix = "infersight.metrics", name = "enabled", matchIfMissing = true)
  static class MetricsPillar {
    @Bean
    PillarListener infersightMetricsListener(MeterRegistry registry) {
      return new PillarListener(PillarListener.METRICS, () -> new PillarListener.Made(
          "metrics (" + registry.getClass().getSimpleName() + ")", InfersightMetrics.listener(registry), null));
    }
  }

  /** Request log events and the MDC fields; the log output itself is Boot's logging system's. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = {"io.infersight.logging.InfersightLogging", "ch.qos.logback.classic.LoggerContext"})
  @ConditionalOnProperty(prefix = "infersight.logging", name = "enabled", matchIfMissing = true)
  static class Logging {
    @Bean
    PillarListener infersightLoggingListener(InfersightProperties properties) {
      return new PillarListener(PillarListener.LOGGING, () -> new PillarListener.Made("logging",
          InfersightLogging.listenerBuilder().sampleRate(properties.getLogging().getSampleRate()).build(), null));
    }
  }

  /** Streaming drift against {@code infersight.drift.reference-profile}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.infersight.drift.InfersightDrift")
  @ConditionalOnProperty(prefix = "infersight.drift", name = "reference-profile")
  static class Drift {
    @Bean
    PillarListener infersightDriftListener(InfersightProperties properties, ObjectProvider<MeterRegistry> registry) {
      return new PillarListener(PillarListener.DRIFT, () -> drift(properties, registry));
    }

    private static PillarListener.Made drift(InfersightProperties properties, ObjectProvider<MeterRegistry> registry) {
      Resource location = properties.getDrift().getReferenceProfile();
      ReferenceProfile profile;
      try (InputStream in = location.getInputStream()) {
        profile = ReferenceProfile.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8),
            location.getDescription());
      } catch (IOException e) {
        throw InfersightProperties.invalid("infersight.drift.reference-profile", location.getDescription(),
            "cannot be read: " + e.getMessage());
      } catch (RuntimeException e) {
        throw InfersightProperties.invalid("infersight.drift.reference-profile", location.getDescription(),
            "is not a reference profile: " + e.getMessage());
      }
      FeatureDriftMonitor monitor = InfersightDrift.listener(profile,
          registry.getIfUnique(() -> Metrics.globalRegistry));
      return new PillarListener.Made("drift (" + location.getDescription() + ")", monitor, monitor);
    }
  }

  /** NVML GPU gauges; the poller reports {@code gpu_available 0} and starts nothing without NVML. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = {"io.infersight.gpu.InfersightGpu", "com.sun.jna.Native"})
  @ConditionalOnProperty(prefix = "infersight.gpu", name = "enabled", matchIfMissing = true)
  static class Gpu {
    @Bean
    PillarListener infersightGpuListener(InfersightProperties properties, ObjectProvider<MeterRegistry> registry) {
      return new PillarListener(PillarListener.GPU, () -> {
        GpuListener gpu = InfersightGpu.listenerBuilder(registry.getIfUnique(() -> Metrics.globalRegistry))
            .interval(properties.getGpu().getInterval()).build();
        return new PillarListener.Made("gpu", gpu, gpu.poller());
      });
    }
  }

  /**
   * Trace exemplars on Boot's own Prometheus registry: a span context that reads the current
   * request's trace (or, when the application or Boot's tracing has one, that one with the
   * request's trace taking precedence while a request is recorded), and the registry
   * marked so that the per-request histograms carry exemplars. Exemplars stay off {@code _count}
   * series (see {@code InfersightEnvironmentPostProcessor}).
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = {"io.infersight.metrics.InfersightMetrics",
      "io.micrometer.prometheusmetrics.PrometheusMeterRegistry",
      "io.prometheus.metrics.tracer.common.SpanContext"})
  @ConditionalOnProperty(prefix = "infersight.metrics", name = "enabled", matchIfMissing = true)
  static class PrometheusExemplars {
    @Bean
    @ConditionalOnMissingBean(io.prometheus.metrics.tracer.common.SpanContext.class)
    io.prometheus.metrics.tracer.common.SpanContext infersightExemplarSpanContext() {
      return InfersightMetrics.exemplarSpanContext();
    }

    @Bean
    static BeanPostProcessor infersightPrometheusExemplars() {
      return new BeanPostProcessor() {
        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
          if (bean instanceof PrometheusMeterRegistry) {
            InfersightMetrics.enableExemplars((PrometheusMeterRegistry) bean);
          } else if (bean instanceof io.prometheus.metrics.tracer.common.SpanContext
              && bean != InfersightMetrics.exemplarSpanContext() && !(bean instanceof PreferInferenceSpanContext)) {
            // Boot's tracing (or the application) has its own: requests keep their own trace.
            return new PreferInferenceSpanContext((io.prometheus.metrics.tracer.common.SpanContext) bean);
          }
          return bean;
        }
      };
    }
  }
}
