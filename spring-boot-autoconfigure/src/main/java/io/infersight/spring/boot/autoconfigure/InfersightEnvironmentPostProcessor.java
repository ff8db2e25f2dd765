package io.infersight.spring.boot.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * Defaults the starter adds to the environment, each only when the application has not set the
 * property itself (they go last, so every other source wins):
 *
 * <ul>
 *   <li>{@code management.prometheus.metrics.export.properties[io.prometheus.exporter.exemplarsOnAllMetricTypes]=false}:
 *       {@code /actuator/prometheus} writes exemplars on buckets and counters only, never on
 *       {@code _count}, which Prometheus servers before 2.43 refuse;
 *   <li>{@code logging.config} = the starter's logback configuration, when the application has no
 *       logback configuration of its own; it writes Boot's structured console format ({@code
 *       logging.structured.format.console}) when one is set, masked, else Infersight's format;
 *   <li>{@code spring.main.banner-mode=off} with that configuration in a JSON format (Infersight's
 *       {@code json} or a structured one), so the banner never lands inside the JSON stream.
 * </ul>
 *
 * Runs after Boot has read the application's config files and before it sets up logging.
 */
public final class InfersightEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {
  static final String LOGBACK_CONFIG = "classpath:io/infersight/spring/boot/logback-infersight.xml";
  static final String EXEMPLARS_ON_ALL =
      "management.prometheus.metrics.export.properties[io.prometheus.exporter.exemplarsOnAllMetricTypes]";
  private static final String[] LOGBACK_FILES = {
      "logback-test.groovy", "logback-test.xml", "logback.groovy", "logback.xml",
      "logback-test-spring.groovy", "logback-test-spring.xml", "logback-spring.groovy", "logback-spring.xml"};

  @Override
  public int getOrder() {
    // After ConfigDataEnvironmentPostProcessor (HIGHEST_PRECEDENCE + 10): application.properties is read.
    return Ordered.HIGHEST_PRECEDENCE + 20;
  }

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
    if (!env.getProperty("infersight.enabled", Boolean.class, true)) {
      return;
    }
    Map<String, Object> defaults = new LinkedHashMap<>();
    if (!env.containsProperty(EXEMPLARS_ON_ALL)) {
      defaults.put(EXEMPLARS_ON_ALL, "false");
    }
    ClassLoader cl = application.getClassLoader();
    if (env.getProperty("infersight.logging.enabled", Boolean.class, true)
        && ClassUtils.isPresent("ch.qos.logback.classic.LoggerContext", cl)
        && ClassUtils.isPresent("io.infersight.logging.InfersightEncoder", cl)
        && !env.containsProperty("logging.config")
        && !hasOwnLogbackConfig(cl)) {
      defaults.put("logging.config", LOGBACK_CONFIG);
      String format = env.getProperty("infersight.logging.format", "json");
      boolean structured = !env.getProperty("logging.structured.format.console", "").isBlank();
      if ((structured || "json".equalsIgnoreCase(format.trim()))
          && !env.containsProperty("spring.main.banner-mode")) {
        defaults.put("spring.main.banner-mode", "off");
      }
    }
    if (!defaults.isEmpty()) {
      env.getPropertySources().addLast(new MapPropertySource("infersightDefaults", defaults));
    }
  }

  private static boolean hasOwnLogbackConfig(ClassLoader cl) {
    ClassLoader loader = cl == null ? ClassUtils.getDefaultClassLoader() : cl;
    for (String f : LOGBACK_FILES) {
      if (loader.getResource(f) != null) {
        return true;
      }
    }
    return false;
  }
}
