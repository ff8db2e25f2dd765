package io.infersight.logging.internal;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.core.JsonGenerator;
import io.infersight.core.Generation;
import io.infersight.core.Inference;
import io.infersight.core.InferenceView;
import io.infersight.core.KeepReason;
import io.infersight.core.ModelId;
import io.infersight.core.Stage;
import java.io.IOException;
import java.util.List;
import net.logstash.logback.marker.LogstashMarker;
import org.jspecify.annotations.Nullable;
import org.slf4j.Marker;

/**
 * Carries one Infersight event's typed fields to the encoder. The values are read from the closed
 * (hence final) {@link Inference} when the line is written, on the writer thread, so the request
 * thread formats nothing. It also tells the sampling appender which request the event belongs to
 * and whether its fate is already decided.
 */
public final class InferenceEventMarker extends LogstashMarker {
  private static final long serialVersionUID = 1L;
  private static final Stage[] STAGES = Stage.values();
  /** The log field of each stage by ordinal: its label and {@code _ms}, for example {@code forward_ms}. */
  private static final String[] STAGE_FIELDS = new String[STAGES.length];

  static {
    for (Stage st : STAGES) {
      STAGE_FIELDS[st.ordinal()] = st.label() + "_ms";
    }
  }

  /** The four event names. */
  public enum Kind {
    REQUEST_RECEIVED("inference_request_received"),
    FEATURES_RETRIEVED("features_retrieved"),
    COMPLETE("inference_complete"),
    FAILED("inference_failed"),
    REJECTED("inference_rejected");

    private final String eventName;

    Kind(String eventName) {
      this.eventName = eventName;
    }

    public String eventName() {
      return eventName;
    }
  }

  private final transient InferenceView inference;
  private final Kind kind;
  private final boolean decided;
  private final long stageNanos;
  private final @Nullable KeepReason keptBy;

  public InferenceEventMarker(InferenceView inference, Kind kind, boolean decided, long stageNanos,
      @Nullable KeepReason keptBy) {
    super("INFERSIGHT_EVENT");
    this.inference = inference;
    this.kind = kind;
    this.decided = decided;
    this.stageNanos = stageNanos;
    this.keptBy = keptBy;
  }

  /** The marker of {@code event} when it is an Infersight event, else {@code null}. */
  public static @Nullable InferenceEventMarker of(ILoggingEvent event) {
    List<Marker> markers = event.getMarkerList();
    if (markers == null) {
      return null;
    }
    for (int i = 0; i < markers.size(); i++) {
      Marker m = markers.get(i);
      if (m instanceof InferenceEventMarker) {
        return (InferenceEventMarker) m;
      }
    }
    return null;
  }

  public InferenceView inference() {
    return inference;
  }

  /** Whether sampling already kept this event (it passes the sampling appender untouched). */
  public boolean decided() {
    return decided;
  }

  public Kind kind() {
    return kind;
  }

  private static double millis(long nanos) {
    return nanos / 1_000_000.0;
  }

  @Override
  public void writeTo(JsonGenerator g) throws IOException {
    InferenceView inf = inference;
    // correlation_id, trace_id and span_id come from the MDC, which the listener guarantees.
    g.writeStringField("event", kind.eventName);
    ModelId model = inf.model();
    g.writeStringField("model_name", model.name());
    g.writeStringField("model_version", model.version());
    switch (kind) {
      case REQUEST_RECEIVED:
        return;
      case FEATURES_RETRIEVED:
        g.writeNumberField(STAGE_FIELDS[Stage.FEATURES.ordinal()], millis(stageNanos));
        return;
      default:
        break;
    }
    g.writeStringField("status", inf.status().label());
    if (inf.error() != null) {
      g.writeStringField("error_type", inf.errorType());
    }
    g.writeNumberField("total_ms", millis(inf.durationNanos()));
    for (int i = 0; i < STAGES.length; i++) {
      long n = inf.stageNanos(STAGES[i]);
      if (n >= 0) {
        g.writeNumberField(STAGE_FIELDS[i], millis(n));
      }
    }
    if (inf.cacheHitKnown()) {
      g.writeBooleanField("cache_hit", inf.cacheHit());
    }
    if (inf.featureAgeNanos() >= 0) {
      g.writeNumberField("feature_age_ms", millis(inf.featureAgeNanos()));
    }
    if (inf.batchSize() >= 0) {
      g.writeNumberField("batch_size", inf.batchSize());
    }
    Generation gen = inf.generation();
    if (gen != null) {
      if (gen.timeToFirstOutputNanos() >= 0) {
        g.writeNumberField("ttft_ms", millis(gen.timeToFirstOutputNanos()));
      }
      if (gen.inputTokens() >= 0) {
        g.writeNumberField("input_tokens", gen.inputTokens());
      }
      g.writeNumberField("output_tokens", gen.outputTokens());
    }
    g.writeBooleanField("slow", inf.isSlow());
    if (keptBy != null) {
      g.writeStringField("kept_by", keptBy.label());
    }
  }

  @Override
  protected String toStringSelf() {
    InferenceView inf = inference;
    StringBuilder sb = new StringBuilder(160).append("event=").append(kind.eventName);
    sb.append(" model=").append(inf.model().name()).append(':').append(inf.model().version());
    if (kind == Kind.FEATURES_RETRIEVED) {
      sb.append(" features_ms=").append(millis(stageNanos));
    } else if (kind != Kind.REQUEST_RECEIVED) {
      sb.append(" status=").append(inf.status().label());
      if (inf.error() != null) {
        sb.append(" error_type=").append(inf.errorType());
      }
      sb.append(" total_ms=").append(millis(inf.durationNanos()));
      for (int i = 0; i < STAGES.length; i++) {
        long n = inf.stageNanos(STAGES[i]);
        if (n >= 0) {
          sb.append(' ').append(STAGE_FIELDS[i]).append('=').append(millis(n));
        }
      }
      if (inf.cacheHitKnown()) {
        sb.append(" cache_hit=").append(inf.cacheHit());
      }
      if (inf.featureAgeNanos() >= 0) {
        sb.append(" feature_age_ms=").append(millis(inf.featureAgeNanos()));
      }
      if (inf.batchSize() >= 0) {
        sb.append(" batch_size=").append(inf.batchSize());
      }
      Generation gen = inf.generation();
      if (gen != null) {
        if (gen.timeToFirstOutputNanos() >= 0) {
          sb.append(" ttft_ms=").append(millis(gen.timeToFirstOutputNanos()));
        }
        if (gen.inputTokens() >= 0) {
          sb.append(" input_tokens=").append(gen.inputTokens());
        }
        sb.append(" output_tokens=").append(gen.outputTokens());
      }
    }
    return sb.toString();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return this == o;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }
}
