package io.infersight.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.infersight.core.InferenceObserver;
import io.infersight.core.Stage;
import io.infersight.core.annotation.ObservedInference;
import io.infersight.core.annotation.ObservedStage;
import io.infersight.spring.boot.test.RecordInferences;
import io.infersight.testing.RecordedStage;
import io.infersight.testing.RecordingListener;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.EnableAspectJAutoProxy;
import org.springframework.context.annotation.Primary;

/**
 * The interface style ({@code observer.instrument(..)}) around a bean that Spring AOP also proxies
 * for an unrelated aspect: the stages the interface's default method calls are still timed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@RecordInferences
class InterfaceStyleBehindAnAspectTest {
  @Autowired
  Scorer scorer;
  @Autowired
  RecordingListener recorded;
  @Autowired
  Audit audit;

  @Test
  void stagesOfTheDefaultMethodAreTimedThroughTheAopProxy() {
    assertThat(scorer.predict(3.0)).isEqualTo("decline");
    assertThat(audit.calls.get()).as("the unrelated aspect ran").isPositive();
    assertThat(recorded.last().stages().stream().map(RecordedStage::stage).collect(Collectors.toList()))
        .containsExactly(Stage.PREPROCESS, Stage.FEATURES, Stage.FORWARD, Stage.POSTPROCESS);
  }

  /** The interface style of core: the request is the default method, the stages its calls. */
  public interface Scorer {
    @ObservedInference
    default String predict(double amount) {
      return decide(score(features(preprocess(amount))));
    }

    @ObservedStage(Stage.PREPROCESS)
    double preprocess(double amount);

    @ObservedStage(Stage.FEATURES)
    double[] features(double x);

    @ObservedStage(Stage.FORWARD)
    double score(double[] f);

    @ObservedStage(Stage.POSTPROCESS)
    String decide(double score);
  }

  public static class SimpleScorer implements Scorer {
    @Override
    public double preprocess(double amount) {
      return amount;
    }

    @Override
    public double[] features(double x) {
      return new double[] {x, 1};
    }

    @Override
    public double score(double[] f) {
      return f[0] > 2 ? 0.9 : 0.1;
    }

    @Override
    public String decide(double score) {
      return score > 0.5 ? "decline" : "approve";
    }
  }

  /** An aspect that has nothing to do with Infersight (auditing, caching, security...). */
  @Aspect
  public static class Audit {
    final AtomicInteger calls = new AtomicInteger();

    @Around("execution(* *(..)) && bean(simpleScorer)")
    public Object around(ProceedingJoinPoint pjp) throws Throwable {
      calls.incrementAndGet();
      return pjp.proceed();
    }
  }

  @TestConfiguration(proxyBeanMethods = false)
  @EnableAspectJAutoProxy
  static class Config {
    @Bean
    Audit audit() {
      return new Audit();
    }

    @Bean
    SimpleScorer simpleScorer() {
      return new SimpleScorer();
    }

    @Bean
    @Primary
    Scorer scorer(InferenceObserver observer, @Qualifier("simpleScorer") Scorer aopProxied) {
      return observer.instrument(Scorer.class, aopProxied);
    }
  }
}
