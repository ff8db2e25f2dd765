package io.infersight.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ListenerOrderTest {

  /** Sets the request's trace IDs when it ends, as a tracing listener does for a trace kept after the fact. */
  static final class TraceWriter implements InferenceListener {
    @Override
    public Set<ListenerCapability> provides() {
      return Set.of(ListenerCapability.TRACE_IDS);
    }

    @Override
    public void onEnd(InferenceView inference) {
      inference.setTrace("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", true);
    }
  }

  /** Reads the trace ID when the request ends, as the metrics and logging listeners do. */
  static final class TraceReader implements InferenceListener {
    final List<String> seen = new ArrayList<>();

    @Override
    public Set<ListenerCapability> needs() {
      return Set.of(ListenerCapability.TRACE_IDS);
    }

    @Override
    public void onEnd(InferenceView inference) {
      seen.add(inference.traceId());
    }
  }

  /** Sets a thread-local context in attach and restores the previous one in detach, as logging does with the MDC. */
  static final class ContextKeeper implements InferenceListener {
    static final ThreadLocal<String> CONTEXT = new ThreadLocal<>();

    @Override
    public Set<ListenerCapability> provides() {
      return Set.of(ListenerCapability.THREAD_CONTEXT);
    }

    @Override
    public Object attach(InferenceView inference) {
      String previous = CONTEXT.get();
      CONTEXT.set(inference.correlationId());
      return previous == null ? "" : previous;
    }

    @Override
    public void detach(InferenceView inference, Object token) {
      CONTEXT.set("".equals(token) ? null : (String) token);
    }
  }

  /** Reads the thread's context in detach, after the request, as the Spring starter's trace keeper does. */
  static final class ContextReader implements InferenceListener {
    final List<String> seen = new ArrayList<>();

    @Override
    public Set<ListenerCapability> needs() {
      return Set.of(ListenerCapability.THREAD_CONTEXT);
    }

    @Override
    public void detach(InferenceView inference, Object token) {
      seen.add(String.valueOf(ContextKeeper.CONTEXT.get()));
    }
  }

  static final class Plain implements InferenceListener {}

  private static InferenceObserver.Builder builder() {
    return InferenceObserver.builder().model("fraud", "1");
  }

  @Test
  void aReaderOfTraceIdsAddedBeforeTheirWriterFailsTheBuildNamingBoth() {
    InferenceObserver.Builder b = builder().addListener(new Plain()).addListener(new TraceReader())
        .addListener(new TraceWriter());
    assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class)
        .hasMessage("listeners: TraceReader needs the request's trace IDs, which TraceWriter provides;"
            + " add TraceWriter (position 3) before TraceReader (position 2)");
  }

  @Test
  void aReaderOfTheRestoredContextAddedAfterItsKeeperFailsTheBuildNamingBoth() {
    InferenceObserver.Builder b = builder().addListener(new ContextKeeper()).addListener(new ContextReader());
    assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class)
        .hasMessage("listeners: ContextReader needs the thread context as restored in detach,"
            + " which ContextKeeper provides; add ContextReader (position 2) before ContextKeeper (position 1)");
  }

  @Test
  void theDeclaredOrderBuildsAndKeepsTheOrderAsAdded() {
    ContextReader contextReader = new ContextReader();
    TraceWriter writer = new TraceWriter();
    Plain plain = new Plain();
    TraceReader reader = new TraceReader();
    ContextKeeper keeper = new ContextKeeper();
    try (InferenceObserver o = builder().addListener(contextReader).addListener(writer).addListener(plain)
        .addListener(reader).addListener(keeper).build()) {
      assertThat(o.listeners()).containsExactly(contextReader, writer, plain, reader, keeper);
    }
  }

  @Test
  void inTheDeclaredOrderReadersSeeWhatProvidersWrote() {
    ContextKeeper.CONTEXT.set("exchange");
    try {
      ContextReader contextReader = new ContextReader();
      TraceReader traceReader = new TraceReader();
      try (InferenceObserver o = builder().addListener(contextReader).addListener(new TraceWriter())
          .addListener(traceReader).addListener(new ContextKeeper()).build()) {
        o.start("req-1").close();
      }
      assertThat(traceReader.seen).containsExactly("4bf92f3577b34da6a3ce929d0e0e4736");
      assertThat(contextReader.seen).containsExactly("exchange");
    } finally {
      ContextKeeper.CONTEXT.remove();
    }
  }

  @Test
  void readersWithoutAProviderAndProvidersWithoutAReaderBuild() {
    try (InferenceObserver o = builder().addListener(new TraceReader()).addListener(new ContextReader())
        .build()) {
      assertThat(o.listeners()).hasSize(2);
    }
    try (InferenceObserver o = builder().addListener(new ContextKeeper()).addListener(new TraceWriter())
        .build()) {
      assertThat(o.listeners()).hasSize(2);
    }
  }

  @Test
  void aNullDeclarationFailsTheBuildNamingTheListener() {
    InferenceListener broken = new InferenceListener() {
      @Override
      public Set<ListenerCapability> needs() {
        return null;
      }
    };
    assertThatThrownBy(() -> builder().addListener(broken).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(".needs() returned null");
  }
}
