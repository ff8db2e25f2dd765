package io.infersight.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The request collector on a real client_java registry: it registers and scrapes on every
 * supported client_java, and where client_java reads family descriptions at registration (1.5
 * and later) it claims its names, so that a collector of another type under one of them is
 * refused.
 */
class RequestCollectorRegistrationTest {

  @Test
  void registersAndScrapesOnTheClientJavaOnTheClassPath() {
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(new RequestCollector().registration());

    assertThat(registry.scrape().size()).isZero();
  }

  @Test
  void claimsItsNamesWhereClientJavaReadsDescriptions() {
    assumeTrue(Arrays.stream(MultiCollector.class.getMethods())
        .anyMatch(m -> m.getName().equals("getMetricType")),
        "client_java before 1.5 reads no descriptions at registration");
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(new RequestCollector().registration());

    assertThatThrownBy(() -> Gauge.builder().name("ml_inference_duration_seconds")
        .help("a gauge under a histogram's name").register(registry))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
