package io.infersight.spring.boot.autoconfigure;

import io.infersight.core.InferenceListener;
import io.infersight.core.InferenceObserver;
import io.infersight.core.ModelId;
import io.infersight.core.SelfCounter;
import io.infersight.core.SelfMetricNames;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.info.GitProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of Infersight: one {@link InferenceObserver} fed by every pillar on the class
 * path, {@code @ObservedInference}/{@code @ObservedStage} on plain beans, correlation IDs on HTTP
 * requests. Ordered after Boot's meter registry and OpenTelemetry auto-configuration, under their
 * Boot 3 and Boot 4 names.
 *
 * @since 0.1.0
 */
@AutoConfiguration(afterName = {
    // Boot 3.x
    "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.metrics.export.prometheus.PrometheusMetricsExportAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.opentelemetry.OpenTelemetryAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.tracing.OpenTelemetryTracingAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.tracing.prometheus.PrometheusExemplarsAutoConfiguration",
    // Boot 4.x
    "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
    "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration",
    "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
    "org.springframework.boot.micrometer.tracing.autoconfigure.prometheus.PrometheusExemplarsAutoConfiguration",
    // both
    "org.springframework.boot.autoconfigure.info.ProjectInfoAutoConfiguration"})
@ConditionalOnProperty(prefix = "infersight", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(InfersightProperties.class)
@Import({PillarConfigurations.Tracing.class, PillarConfigurations.MetricsPillar.class,
    PillarConfigurations.Logging.class, PillarConfigurations.Drift.class, PillarConfigurations.Gpu.class,
    PillarConfigurations.PrometheusExemplars.class, InfersightEndpointConfiguration.class})
public class InfersightAutoConfiguration {

  /** Re-classes beans with annotated methods before any bean is created. */
  @Bean
  static ObservedBeansPostProcessor infersightObservedBeans() {
    return new ObservedBeansPostProcessor();
  }

  /**
   * The observer: the exchange's trace keeper (first, so that its detach runs last), the pillars'
   * listeners in chain order (tracing, metrics, logging, drift, GPU), then the application's own
   * {@link InferenceListener} beans in their {@code @Order}. The builder checks the order against
   * what each listener {@linkplain InferenceListener#provides() provides} and {@linkplain
   * InferenceListener#needs() needs}: an application listener that provides trace IDs fails the
   * start, naming the pillar that needs them. Closed, with its listeners, when the context closes.
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  InferenceObserver infersightObserver(InfersightProperties properties, Environment environment,
      ObjectProvider<BuildProperties> build, ObjectProvider<GitProperties> git,
      ObjectProvider<PillarListener> pillars, ObjectProvider<InferenceListener> appListeners) {
    properties.validate();
    InferenceObserver.Builder b = InferenceObserver.builder()
        .model(modelId(properties, build.getIfAvailable(), git.getIfAvailable()))
        .slowThreshold(properties.getSlowThreshold())
        .addListener(new CorrelationContext.TraceKeeper());
    for (PillarListener p : sorted(pillars)) {
      b.addListener(p.made().listener);
    }
    b.addListeners(appListeners.orderedStream().collect(Collectors.toList()));
    return b.build();
  }

  /**
   * The model's identity from {@code infersight.model.*}, else Boot's build info and git info.
   *
   * @throws org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException
   *     naming the property that is missing or wrong
   */
  static ModelId modelId(InfersightProperties properties, BuildProperties build, GitProperties git) {
    InfersightProperties.Model m = properties.getModel();
    String name = m.getName() != null ? m.getName() : build == null ? null : build.getArtifact();
    if (name == null || name.isBlank()) {
      throw InfersightProperties.invalid("infersight.model.name", name,
          "must be set to the served model's name (or build with spring-boot-maven-plugin's"
          + " build-info goal so that the artifact name is used)");
    }
    String version = m.getVersion() != null ? m.getVersion()
        : build != null && build.getVersion() != null ? build.getVersion() : "unknown";
    String commit = m.getGitCommit() != null ? m.getGitCommit()
        : git != null ? git.getCommitId() : null;
    try {
      return ModelId.of(name, version, commit);
    } catch (IllegalArgumentException e) {
      String property = e.getMessage().startsWith("model name") ? "infersight.model.name"
          : "infersight.model.version";
      throw InfersightProperties.invalid(property,
          property.endsWith("name") ? name : version, e.getMessage());
    }
  }

  /** The counter of rejected correlation IDs of {@code observer}, made on first use. */
  static Supplier<@Nullable SelfCounter> rejectedCounter(ObjectProvider<InferenceObserver> observer) {
    return new Supplier<>() {
      private volatile @Nullable SelfCounter counter;

      @Override
      public @Nullable SelfCounter get() {
        SelfCounter c = counter;
        if (c == null) {
          InferenceObserver o = observer.getIfUnique();
          if (o == null) {
            return null;
          }
          c = o.selfMetrics().counter(SelfMetricNames.CORRELATION_REJECTED,
              "Caller correlation IDs rejected as invalid and replaced");
          counter = c;
        }
        return c;
      }
    };
  }

  /** Correlation IDs on servlet requests, and {@code @CorrelationId} in MVC controller methods. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass(name = {"jakarta.servlet.Filter", "org.springframework.web.filter.OncePerRequestFilter"})
  static class ServletConfiguration {
    @Bean
    CorrelationIdServletFilter infersightCorrelationIdFilter(InfersightProperties properties,
        ObjectProvider<InferenceObserver> observer) {
      return new CorrelationIdServletFilter(properties.getCorrelationId().getHeader(), rejectedCounter(observer));
    }

    @Bean
    CorrelationIdServletFilter.RequestListener infersightCorrelationIdRequestListener(
        InfersightProperties properties, ObjectProvider<InferenceObserver> observer) {
      return new CorrelationIdServletFilter.RequestListener(properties.getCorrelationId().getHeader(),
          rejectedCounter(observer));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.web.servlet.config.annotation.WebMvcConfigurer")
    static class Mvc {
      @Bean
      org.springframework.web.servlet.config.annotation.WebMvcConfigurer infersightCorrelationIdResolver() {
        return new org.springframework.web.servlet.config.annotation.WebMvcConfigurer() {
          @Override
          public void addArgumentResolvers(
              List<org.springframework.web.method.support.HandlerMethodArgumentResolver> resolvers) {
            resolvers.add(new CorrelationIdArgumentResolver());
          }
        };
      }
    }
  }

  /** Correlation IDs on WebFlux exchanges, and {@code @CorrelationId} in WebFlux controller methods. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
  @ConditionalOnClass(name = "org.springframework.web.server.WebFilter")
  static class ReactiveConfiguration {
    @Bean
    CorrelationIdWebFilter infersightCorrelationIdWebFilter(InfersightProperties properties,
        ObjectProvider<InferenceObserver> observer) {
      return new CorrelationIdWebFilter(properties.getCorrelationId().getHeader(), rejectedCounter(observer));
    }

    @Bean
    org.springframework.web.reactive.config.WebFluxConfigurer infersightCorrelationIdWebFluxResolver() {
      return new org.springframework.web.reactive.config.WebFluxConfigurer() {
        @Override
        public void configureArgumentResolvers(
            org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer configurer) {
          configurer.addCustomResolver(new CorrelationIdWebFilter.ArgumentResolver());
        }
      };
    }

    /**
     * The exchange's correlation ID in the MDC on every thread of the exchange, through Micrometer
     * context propagation (the starter brings {@code io.micrometer:context-propagation}).
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"io.micrometer.context.ContextRegistry", "reactor.core.publisher.Hooks"})
    static class ContextPropagation {
      ContextPropagation() {
        CorrelationIdAccessor.install();
      }
    }
  }

  static List<PillarListener> sorted(ObjectProvider<PillarListener> pillars) {
    List<PillarListener> list = new ArrayList<>();
    pillars.orderedStream().forEach(list::add);
    list.sort(Comparator.comparingInt(p -> p.order));
    return list;
  }
}
