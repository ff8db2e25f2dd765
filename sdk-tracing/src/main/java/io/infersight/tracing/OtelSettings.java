package io.infersight.tracing;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The part of OpenTelemetry's standard configuration ({@code OTEL_*} variables, {@code otel.*}
 * system properties, as read by the autoconfigure module) that {@link InfersightTracingBuilder}
 * applies itself: the span exporters, which it puts behind its own counting batch processor, and
 * the sampler's ratio, which the listener's head sampling uses too. One instance serves one build.
 */
final class OtelSettings {
  /** The sampler names of the specification whose ratio the listener can follow. */
  private static final String ALWAYS_ON = "always_on";
  private static final String ALWAYS_OFF = "always_off";
  private static final String TRACEIDRATIO = "traceidratio";
  private static final String PARENTBASED_ALWAYS_ON = "parentbased_always_on";
  private static final String PARENTBASED_ALWAYS_OFF = "parentbased_always_off";
  private static final String PARENTBASED_TRACEIDRATIO = "parentbased_traceidratio";

  private List<String> exporterNames = List.of("otlp");
  private @Nullable ConfigProperties config;

  /**
   * Infersight's defaults, below everything the user sets: the listener's sampling ratio as the
   * SDK's sampler, and no metrics or logs exporters (this SDK is for traces unless the user asks).
   */
  static Map<String, String> defaults() {
    Map<String, String> d = new HashMap<>();
    d.put("otel.traces.sampler", PARENTBASED_TRACEIDRATIO);
    d.put("otel.traces.sampler.arg", Double.toString(TracingListenerBuilder.DEFAULT_SAMPLING_RATIO));
    d.put("otel.metrics.exporter", "none");
    d.put("otel.logs.exporter", "none");
    return d;
  }

  /**
   * Notes which span exporters the configuration names and tells autoconfigure to make none: the
   * builder makes them, so that its batch processor counts what they drop.
   */
  Map<String, String> takeExporters(ConfigProperties config) {
    List<String> names = config.getList("otel.traces.exporter", List.of("otlp")).stream()
        .map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).distinct()
        .collect(Collectors.toList());
    if (names.contains("none") && names.size() > 1) {
      throw new ConfigurationException("otel.traces.exporter contains none and other exporters: " + names);
    }
    exporterNames = names.contains("none") ? List.of() : names;
    String arg = config.getString("otel.traces.sampler.arg");
    if (arg != null) {
      double r;
      try {
        r = Double.parseDouble(arg.trim());
      } catch (NumberFormatException e) {
        throw new ConfigurationException("otel.traces.sampler.arg must be a number in [0, 1], was " + arg);
      }
      if (!(r >= 0.0 && r <= 1.0) && isRatioSampler(config)) {
        throw new ConfigurationException("otel.traces.sampler.arg must be in [0, 1], was " + arg);
      }
    }
    return Map.of("otel.traces.exporter", "none");
  }

  private static boolean isRatioSampler(ConfigProperties config) {
    String sampler = config.getString("otel.traces.sampler", PARENTBASED_TRACEIDRATIO).trim().toLowerCase(Locale.ROOT);
    return sampler.equals(TRACEIDRATIO) || sampler.equals(PARENTBASED_TRACEIDRATIO);
  }

  /** The exporters named by {@code otel.traces.exporter}, made by their autoconfigure providers. */
  List<SpanExporter> exporters(ConfigProperties config) {
    this.config = config;
    if (exporterNames.isEmpty()) {
      return List.of();
    }
    Map<String, ConfigurableSpanExporterProvider> providers = new HashMap<>();
    for (ConfigurableSpanExporterProvider p : ServiceLoader.load(ConfigurableSpanExporterProvider.class,
        OtelSettings.class.getClassLoader())) {
      providers.putIfAbsent(p.getName(), p);
    }
    List<SpanExporter> out = new ArrayList<>();
    for (String name : exporterNames) {
      ConfigurableSpanExporterProvider p = providers.get(name);
      if (p == null) {
        throw new ConfigurationException("otel.traces.exporter: no span exporter named " + name
            + " on the class path (known: " + providers.keySet() + ")");
      }
      out.add(p.createExporter(config));
    }
    return out;
  }

  /**
   * The head-sampling ratio that matches the configured sampler, or {@code fallback} for a
   * sampler whose ratio is not known (a custom or remote one).
   */
  double samplingRatio(double fallback) {
    if (config == null) {
      return fallback;
    }
    String sampler = config.getString("otel.traces.sampler", PARENTBASED_TRACEIDRATIO).trim()
        .toLowerCase(Locale.ROOT);
    switch (sampler) {
      case ALWAYS_ON:
      case PARENTBASED_ALWAYS_ON:
        return 1.0;
      case ALWAYS_OFF:
      case PARENTBASED_ALWAYS_OFF:
        return 0.0;
      case TRACEIDRATIO:
      case PARENTBASED_TRACEIDRATIO:
        return config.getDouble("otel.traces.sampler.arg", 1.0);
      default:
        return fallback;
    }
  }

  /** The OTLP transport that the configuration chooses for traces (OpenTelemetry's default: gRPC). */
  static OtlpProtocol protocol(ConfigProperties config) {
    String p = config.getString("otel.exporter.otlp.traces.protocol",
        config.getString("otel.exporter.otlp.protocol", "grpc"));
    return p.trim().toLowerCase(Locale.ROOT).startsWith("http") ? OtlpProtocol.HTTP_PROTOBUF : OtlpProtocol.GRPC;
  }

  /** Percent-encodes a header value, as the OTLP header settings expect (they are URL-decoded). */
  static String percentEncode(String value) {
    StringBuilder sb = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == '~') {
        sb.append(c);
      } else {
        sb.append('%').append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
      }
    }
    return sb.toString();
  }

  /** {@code k1=v1,k2=v2}, the form of OpenTelemetry's map settings. */
  static String joinMap(Map<String, String> map) {
    return map.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
  }
}
