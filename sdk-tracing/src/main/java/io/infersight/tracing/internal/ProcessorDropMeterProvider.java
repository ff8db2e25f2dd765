package io.infersight.tracing.internal;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleCounterBuilder;
import io.opentelemetry.api.metrics.DoubleGaugeBuilder;
import io.opentelemetry.api.metrics.DoubleHistogramBuilder;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongCounterBuilder;
import io.opentelemetry.api.metrics.LongUpDownCounterBuilder;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterBuilder;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.metrics.ObservableLongCounter;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessorBuilder;
import java.lang.reflect.Method;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A {@link MeterProvider} that hears one instrument only: the batch span processor's count of
 * processed spans, which says which spans were dropped. It turns those into {@link
 * ExportDropCounter} counts, so drops show up in Infersight's self-metrics without an
 * OpenTelemetry metrics pipeline. Every other instrument is a no-op.
 *
 * <p>The processor names that counter one of two ways. With the semantic-convention telemetry
 * ({@link #useLatestTelemetry}, OpenTelemetry 1.58 and later) it is {@value #PROCESSED}, and its
 * {@code error.type} says why a span was dropped (queue full or already shut down). The SDKs
 * from 1.49 (the supported floor) to 1.57 have only the legacy {@value #LEGACY_PROCESSED}
 * counter, whose {@code dropped=true} marks spans dropped on a full queue.
 *
 * <p>Internal: may change without notice.
 */
public final class ProcessorDropMeterProvider implements MeterProvider {
  static final String PROCESSED = "otel.sdk.processor.span.processed";
  static final String LEGACY_PROCESSED = "processedSpans";
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  private static final AttributeKey<Boolean> LEGACY_DROPPED = AttributeKey.booleanKey("dropped");
  /** {@code BatchSpanProcessorBuilder.setInternalTelemetryVersion}, or null before 1.58. */
  private static final @Nullable Method SET_TELEMETRY_VERSION = telemetryVersionSetter();
  private static final @Nullable Object LATEST = SET_TELEMETRY_VERSION == null ? null
      : latest(SET_TELEMETRY_VERSION.getParameterTypes()[0]);
  private static final Meter NOOP = MeterProvider.noop().get("noop");

  private final ExportDropCounter drops;
  private final Meter meter = new DropMeter();

  public ProcessorDropMeterProvider(ExportDropCounter drops) {
    this.drops = drops;
  }

  /**
   * Asks the processor for the semantic-convention telemetry where the SDK has it, so that drops
   * after shutdown are reported too. Reflection, because the SDKs before 1.58 lack the setting
   * and its enum, and nothing on this path may link against them.
   */
  public static BatchSpanProcessorBuilder useLatestTelemetry(BatchSpanProcessorBuilder builder) {
    if (SET_TELEMETRY_VERSION != null) {
      try {
        SET_TELEMETRY_VERSION.invoke(builder, LATEST);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("Cannot select the OpenTelemetry SDK's span processor"
            + " telemetry", e);
      }
    }
    return builder;
  }

  private static @Nullable Method telemetryVersionSetter() {
    for (Method m : BatchSpanProcessorBuilder.class.getMethods()) {
      if (m.getName().equals("setInternalTelemetryVersion") && m.getParameterCount() == 1
          && m.getParameterTypes()[0].isEnum()) {
        return m;
      }
    }
    return null;
  }

  private static Object latest(Class<?> versionEnum) {
    for (Object constant : versionEnum.getEnumConstants()) {
      if (((Enum<?>) constant).name().equals("LATEST")) {
        return constant;
      }
    }
    throw new IllegalStateException(versionEnum.getName() + " has no LATEST");
  }

  @Override
  public MeterBuilder meterBuilder(String instrumentationScopeName) {
    return new MeterBuilder() {
      @Override
      public MeterBuilder setSchemaUrl(String schemaUrl) {
        return this;
      }

      @Override
      public MeterBuilder setInstrumentationVersion(String version) {
        return this;
      }

      @Override
      public Meter build() {
        return meter;
      }
    };
  }

  private final class DropMeter implements Meter {
    @Override
    public LongCounterBuilder counterBuilder(String name) {
      if (PROCESSED.equals(name) || LEGACY_PROCESSED.equals(name)) {
        return new DropCounterBuilder(name);
      }
      return NOOP.counterBuilder(name);
    }

    @Override
    public LongUpDownCounterBuilder upDownCounterBuilder(String name) {
      return NOOP.upDownCounterBuilder(name);
    }

    @Override
    public DoubleHistogramBuilder histogramBuilder(String name) {
      return NOOP.histogramBuilder(name);
    }

    @Override
    public DoubleGaugeBuilder gaugeBuilder(String name) {
      return NOOP.gaugeBuilder(name);
    }
  }

  private final class DropCounterBuilder implements LongCounterBuilder {
    private final String name;
    private final LongCounterBuilder noop;

    DropCounterBuilder(String name) {
      this.name = name;
      this.noop = NOOP.counterBuilder(name);
    }

    @Override
    public LongCounterBuilder setDescription(String description) {
      return this;
    }

    @Override
    public LongCounterBuilder setUnit(String unit) {
      return this;
    }

    @Override
    public DoubleCounterBuilder ofDoubles() {
      return noop.ofDoubles();
    }

    @Override
    public LongCounter build() {
      return LEGACY_PROCESSED.equals(name) ? new LegacyDropCounter() : new DropCounter();
    }

    @Override
    public ObservableLongCounter buildWithCallback(Consumer<ObservableLongMeasurement> callback) {
      return noop.buildWithCallback(callback);
    }
  }

  private final class DropCounter implements LongCounter {
    @Override
    public void add(long value) {}

    @Override
    public void add(long value, Attributes attributes) {
      String error = attributes.get(ERROR_TYPE);
      if (error == null) {
        return;
      }
      if (error.equals("queue_full")) {
        drops.queueFull(value);
      } else {
        drops.afterShutdown(value);
      }
    }

    @Override
    public void add(long value, Attributes attributes, Context context) {
      add(value, attributes);
    }
  }

  /** The legacy counter: {@code dropped=true} means dropped on a full queue. */
  private final class LegacyDropCounter implements LongCounter {
    @Override
    public void add(long value) {}

    @Override
    public void add(long value, Attributes attributes) {
      if (Boolean.TRUE.equals(attributes.get(LEGACY_DROPPED))) {
        drops.queueFull(value);
      }
    }

    @Override
    public void add(long value, Attributes attributes, Context context) {
      add(value, attributes);
    }
  }
}
