package io.infersight.core;

/**
 * What one listener writes and another reads, which fixes their order in an observer's chain. A
 * listener declares what it {@linkplain InferenceListener#provides() provides} and what it
 * {@linkplain InferenceListener#needs() needs}; {@link InferenceObserver.Builder#build()} fails
 * when a listener that needs a capability sits on the wrong side of one that provides it, naming
 * both. A listener that needs a capability still works when no listener provides it.
 *
 * <pre>{@code
 * final class TraceAuditListener implements InferenceListener {
 *   public Set<ListenerCapability> needs() { return EnumSet.of(ListenerCapability.TRACE_IDS); }
 *   public void onEnd(InferenceView inf) { audit(inf.correlationId(), inf.traceId()); }
 * }
 * }</pre>
 *
 * @since 0.2.0
 */
public enum ListenerCapability {
  /**
   * The request's trace and span IDs ({@link InferenceView#setTrace}): a provider sets them in
   * {@code onStart} and may set them again in {@code onEnd} (a trace kept after the fact). Those
   * calls run in chain order, so a listener that reads the IDs comes after every provider.
   */
  TRACE_IDS("the request's trace IDs", true),
  /**
   * The thread's logging context (the MDC): a provider makes the request's IDs current in {@code
   * attach} and puts back what the thread had before in {@code detach}. {@code detach} runs in
   * reverse chain order, so a listener that needs the restored context in its own {@code detach}
   * comes before every provider.
   */
  THREAD_CONTEXT("the thread context as restored in detach", false);

  private final String description;
  private final boolean providersFirst;

  ListenerCapability(String description, boolean providersFirst) {
    this.description = description;
    this.providersFirst = providersFirst;
  }

  /** What the capability is, as an error message names it. */
  String description() {
    return description;
  }

  /** Whether providers come before the listeners that need this (else after them). */
  boolean providersFirst() {
    return providersFirst;
  }
}
