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
import java.util.function.Consumer;

/**
 * A {@link MeterProvider} that hears one instrument only: the batch span processor's {@value
 * #PROCESSED} counter (OpenTelemetry SDK self-telemetry, semantic-convention version), whose
 * {@code error.type} says why spans were dropped. It turns those into {@link ExportDropCounter}
 * counts, so drops show up in Infersight's self-metrics without an OpenTelemetry metrics pipeline.
 * Every other instrument is a no-op.
 *
 * <p>Internal: may change without notice.
 */
public final class ProcessorDropMeterProvider implements MeterProvider {
  static final String PROCESSED = "otel.sdk.processor.span.processed";
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  private static final Meter NOOP = MeterProvider.noop().get("noop");

  private final ExportDropCounter drops;
  private final Meter meter = new DropMeter();

  public ProcessorDropMeterProvider(ExportDropCounter drops) {
    this.drops = drops;
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
      return PROCESSED.equals(name) ? new DropCounterBuilder() : NOOP.counterBuilder(name);
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
    private final LongCounterBuilder noop = NOOP.counterBuilder(PROCESSED);

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
      return new DropCounter();
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
}
