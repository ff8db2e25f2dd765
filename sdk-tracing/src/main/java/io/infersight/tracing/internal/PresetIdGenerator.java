package io.infersight.tracing.internal;

import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.TraceId;
import io.opentelemetry.sdk.trace.IdGenerator;

/**
 * An {@link IdGenerator} that hands out, once, the trace and span ID that the calling thread set
 * just before starting a span, and random IDs otherwise. The tracing listener draws the IDs of a
 * request that head sampling dropped when the request starts, so that its log lines can carry
 * them; when the request is kept after the fact, the root span it then starts gets exactly those
 * IDs through this generator. The IDs are held as bits and formatted here, when the span that
 * takes them is started.
 *
 * <p>Internal: may change without notice.
 */
public final class PresetIdGenerator implements IdGenerator {
  private static final PresetIdGenerator INSTANCE = new PresetIdGenerator();
  private static final ThreadLocal<Preset> PRESET = ThreadLocal.withInitial(Preset::new);
  private static final IdGenerator RANDOM = IdGenerator.random();

  private PresetIdGenerator() {}

  public static PresetIdGenerator get() {
    return INSTANCE;
  }

  /**
   * The IDs the next span started on this thread takes (a zero {@code spanId}: none); {@link
   * #clear()} right after starting it.
   */
  public static void preset(long traceHigh, long traceLow, long spanId) {
    Preset p = PRESET.get();
    p.traceHigh = traceHigh;
    p.traceLow = traceLow;
    p.traceSet = spanId != 0;
    p.spanId = spanId;
    p.used = false;
  }

  /** Forgets the preset IDs; returns whether a span took the preset span ID. */
  public static boolean clear() {
    Preset p = PRESET.get();
    boolean used = p.used;
    p.traceSet = false;
    p.spanId = 0;
    p.used = false;
    return used;
  }

  @Override
  public String generateSpanId() {
    Preset p = PRESET.get();
    long id = p.spanId;
    if (id == 0) {
      return RANDOM.generateSpanId();
    }
    p.spanId = 0;
    p.used = true;
    return SpanId.fromLong(id);
  }

  @Override
  public String generateTraceId() {
    Preset p = PRESET.get();
    if (!p.traceSet) {
      return RANDOM.generateTraceId();
    }
    p.traceSet = false;
    return TraceId.fromLongs(p.traceHigh, p.traceLow);
  }

  @Override
  public String toString() {
    return "PresetIdGenerator";
  }

  private static final class Preset {
    long traceHigh;
    long traceLow;
    boolean traceSet;
    long spanId;
    boolean used;
  }
}
