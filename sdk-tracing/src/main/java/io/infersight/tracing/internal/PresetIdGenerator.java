package io.infersight.tracing.internal;

import io.opentelemetry.sdk.trace.IdGenerator;

/**
 * An {@link IdGenerator} that hands out, once, the trace and span ID that the calling thread set
 * just before starting a span, and random IDs otherwise. The tracing listener draws the IDs of a
 * request that head sampling dropped when the request starts, so that its log lines can carry
 * them; when the request is kept after the fact, the root span it then starts gets exactly those
 * IDs through this generator.
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

  /** The IDs the next span started on this thread takes; {@link #clear()} right after starting it. */
  public static void preset(String traceId, String spanId) {
    Preset p = PRESET.get();
    p.traceId = traceId;
    p.spanId = spanId;
    p.used = false;
  }

  /** Forgets the preset IDs; returns whether a span took the preset span ID. */
  public static boolean clear() {
    Preset p = PRESET.get();
    boolean used = p.used;
    p.traceId = null;
    p.spanId = null;
    p.used = false;
    return used;
  }

  @Override
  public String generateSpanId() {
    Preset p = PRESET.get();
    String id = p.spanId;
    if (id == null) {
      return RANDOM.generateSpanId();
    }
    p.spanId = null;
    p.used = true;
    return id;
  }

  @Override
  public String generateTraceId() {
    Preset p = PRESET.get();
    String id = p.traceId;
    if (id == null) {
      return RANDOM.generateTraceId();
    }
    p.traceId = null;
    return id;
  }

  @Override
  public String toString() {
    return "PresetIdGenerator";
  }

  private static final class Preset {
    String traceId;
    String spanId;
    boolean used;
  }
}
