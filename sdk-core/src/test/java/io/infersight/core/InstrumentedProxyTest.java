package io.infersight.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.infersight.core.annotation.CorrelationId;
import io.infersight.core.annotation.ObservedInference;
import io.infersight.core.annotation.ObservedStage;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class InstrumentedProxyTest {

  interface Predictor {
    @ObservedInference
    default String predict(@CorrelationId String requestId, double x) throws IOException {
      double[] f = features(x);
      double score = forward(f);
      return score > 0.5 ? "decline" : "approve";
    }

    @ObservedStage(Stage.FEATURES)
    double[] features(double x) throws IOException;

    @ObservedStage(value = Stage.FORWARD, subStage = "logreg")
    double forward(double[] f);

    @ObservedInference
    String direct(String input);

    int plain();
  }

  static class FraudPredictor implements Predictor {
    boolean failFeatures;
    RuntimeException forwardError;

    @Override
    public double[] features(double x) throws IOException {
      if (failFeatures) {
        throw new IOException("feature store down");
      }
      return new double[] {x};
    }

    @Override
    public double forward(double[] f) {
      if (forwardError != null) {
        throw forwardError;
      }
      return f[0];
    }

    @Override
    public String direct(String input) {
      return features2(input);
    }

    private String features2(String input) {
      return input.toUpperCase(java.util.Locale.ROOT);
    }

    @Override
    public int plain() {
      return 7;
    }

    @Override
    public String toString() {
      return "FraudPredictor";
    }
  }

  private final EventLog log = new EventLog("x");
  private final InferenceObserver observer =
      InferenceObserver.builder().model("fraud", "1").clock(new ManualClock()).addListener(log).build();
  private final FraudPredictor impl = new FraudPredictor();
  private final Predictor proxy = observer.instrument(Predictor.class, impl);

  @Test
  void opensAnInferenceAroundThePredictMethodAndTimesStagesCalledThroughTheProxy() throws Exception {
    assertThat(proxy.predict("req-9", 0.9)).isEqualTo("decline");
    InferenceView inf = log.ended.get(0);
    assertThat(inf.correlationId()).isEqualTo("req-9");
    assertThat(inf.ran(Stage.FEATURES)).isTrue();
    assertThat(inf.status()).isEqualTo(Status.SUCCESS);
    assertThat(log.events).contains("x:stageEnd:FEATURES:0ms", "x:stageEnd:FORWARD/logreg:0ms");
  }

  @Test
  void checkedExceptionsComeOutUnwrappedAndFailTheRequest() {
    impl.failFeatures = true;
    assertThatThrownBy(() -> proxy.predict("r", 1)).isExactlyInstanceOf(IOException.class)
        .hasMessage("feature store down");
    assertThat(log.ended.get(0).status()).isEqualTo(Status.ERROR);
    assertThat(log.ended.get(0).errorType()).isEqualTo(IOException.class.getName());
  }

  @Test
  void runtimeExceptionsComeOutAsTheSameInstance() {
    IllegalStateException boom = new IllegalStateException("nan weights");
    impl.forwardError = boom;
    assertThatThrownBy(() -> proxy.predict("r", 1)).isSameAs(boom);
  }

  @Test
  void stageMethodsOutsideAnInferenceJustRun() throws Exception {
    assertThat(proxy.features(3)).containsExactly(3);
    assertThat(log.events).isEmpty();
  }

  @Test
  void nonAnnotatedMethodsPassThrough() {
    assertThat(proxy.plain()).isEqualTo(7);
    assertThat(proxy.direct("abc")).isEqualTo("ABC");
    assertThat(log.ended).hasSize(1);
  }

  @Test
  void objectMethodsBehaveLikeTheProxyIdentity() {
    Predictor other = observer.instrument(Predictor.class, impl);
    assertThat(proxy).isEqualTo(proxy);
    assertThat(proxy).isNotEqualTo(other);
    assertThat(proxy.equals(impl)).isFalse();
    assertThat(proxy.hashCode()).isEqualTo(System.identityHashCode(proxy));
    assertThat(proxy.toString()).contains("FraudPredictor");
  }

  @Test
  void anOverriddenDefaultMethodRunsTheImplementation() throws Exception {
    Predictor overriding = new FraudPredictor() {
      @Override
      public String predict(String requestId, double x) {
        return "overridden";
      }
    };
    Predictor p = observer.instrument(Predictor.class, overriding);
    assertThat(p.predict("r", 1)).isEqualTo("overridden");
    assertThat(log.ended).hasSize(1);
  }

  /**
   * What Spring AOP makes of a bean it proxies by subclassing ({@code @Transactional}, an aspect):
   * a generated subclass, named with {@code $$}, whose every method forwards to the target bean.
   */
  static class FraudPredictor$$SpringCGLIB$$0 extends FraudPredictor {
    private final FraudPredictor target;

    FraudPredictor$$SpringCGLIB$$0(FraudPredictor target) {
      this.target = target;
    }

    @Override
    public String predict(String requestId, double x) throws IOException {
      return target.predict(requestId, x);
    }

    @Override
    public double[] features(double x) throws IOException {
      return target.features(x);
    }

    @Override
    public double forward(double[] f) {
      return target.forward(f);
    }

    @Override
    public String direct(String input) {
      return target.direct(input);
    }

    @Override
    public int plain() {
      return target.plain();
    }
  }

  @Test
  void aSubclassingAopProxyOfTheImplementationKeepsTheStageTimings() throws Exception {
    Predictor p = observer.instrument(Predictor.class, new FraudPredictor$$SpringCGLIB$$0(impl));

    assertThat(p.predict("req-1", 0.9)).isEqualTo("decline");

    assertThat(log.ended).hasSize(1);
    assertThat(log.events).contains("x:stageEnd:FEATURES:0ms", "x:stageEnd:FORWARD/logreg:0ms");
  }

  @Test
  void aSubclassingAopProxyOfAnOverridingImplementationRunsTheOverride() throws Exception {
    Predictor p = observer.instrument(Predictor.class,
        new OverridingPredictor$$SpringCGLIB$$0(new OverridingPredictor()));

    assertThat(p.predict("r", 1)).isEqualTo("overridden");
    assertThat(log.ended).hasSize(1);
  }

  static class OverridingPredictor extends FraudPredictor {
    @Override
    public String predict(String requestId, double x) {
      return "overridden";
    }
  }

  /** The generated subclass of a user class that overrides the default method itself. */
  static class OverridingPredictor$$SpringCGLIB$$0 extends OverridingPredictor {
    private final OverridingPredictor target;

    OverridingPredictor$$SpringCGLIB$$0(OverridingPredictor target) {
      this.target = target;
    }

    @Override
    public String predict(String requestId, double x) {
      return target.predict(requestId, x);
    }
  }

  @Test
  void theUserClassIsTheFirstOneNotNamedByACodeGenerator() {
    assertThat(InstrumentedProxy.userClass(FraudPredictor$$SpringCGLIB$$0.class))
        .isSameAs(FraudPredictor.class);
    assertThat(InstrumentedProxy.userClass(FraudPredictor.class)).isSameAs(FraudPredictor.class);
    assertThat(InstrumentedProxy.userClass(new FraudPredictor() { }.getClass()))
        .isNotSameAs(FraudPredictor.class);
  }

  interface Broken {
    @ObservedInference
    @ObservedStage(Stage.FORWARD)
    void both();
  }

  @Test
  void refusesInvalidInterfaces() {
    assertThatThrownBy(() -> observer.instrument(Broken.class, () -> { }))
        .hasMessageContaining("both");
    assertThatThrownBy(() -> observer.instrument(FraudPredictor.class, impl))
        .hasMessageContaining("not an interface");
  }

  @Test
  void noopObserverReturnsTheImplementation() {
    assertThat(InferenceObserver.noop().instrument(Predictor.class, impl)).isSameAs(impl);
  }
}
