package io.infersight.spring.boot.autoconfigure;

import io.infersight.core.Inference;
import io.infersight.core.InferenceObserver;
import io.infersight.core.Stage;
import io.infersight.core.annotation.CorrelationId;
import io.infersight.core.annotation.ObservedInference;
import io.infersight.core.annotation.ObservedStage;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.util.ReflectionUtils;

/**
 * What each annotated method of one bean class does, decided once per class: start a request
 * ({@code @ObservedInference}), time a stage ({@code @ObservedStage}), or nothing. Also lists the
 * annotated methods no subclass can intercept (private, final, static).
 */
final class ObservedMethods {
  private final Map<Method, Plan> plans;
  private final List<String> unreachable;

  private ObservedMethods(Map<Method, Plan> plans, List<String> unreachable) {
    this.plans = plans;
    this.unreachable = unreachable;
  }

  /** The plans of {@code type}, or {@code null} when no method of it is annotated. */
  static ObservedMethods of(Class<?> type) {
    Map<Method, Plan> plans = new HashMap<>();
    List<String> unreachable = new ArrayList<>();
    ReflectionUtils.doWithMethods(type, m -> {
      Plan plan = plan(m);
      if (plan == null) {
        return;
      }
      int mod = m.getModifiers();
      if (Modifier.isPrivate(mod) || Modifier.isFinal(mod) || Modifier.isStatic(mod)) {
        unreachable.add(type.getName() + "." + m.getName() + " ("
            + (Modifier.isPrivate(mod) ? "private" : Modifier.isStatic(mod) ? "static" : "final") + ")");
      } else {
        plans.putIfAbsent(m, plan);
      }
    }, m -> !m.isBridge() && !m.isSynthetic() && m.getDeclaringClass() != Object.class);
    if (plans.isEmpty() && unreachable.isEmpty()) {
      return null;
    }
    return new ObservedMethods(Map.copyOf(plans), List.copyOf(unreachable));
  }

  /** Whether {@code type} has an annotated method, without building plans. */
  static boolean annotated(Class<?> type) {
    boolean[] found = new boolean[1];
    ReflectionUtils.doWithMethods(type, m -> found[0] = true,
        m -> m.isAnnotationPresent(ObservedInference.class) || m.isAnnotationPresent(ObservedStage.class));
    return found[0];
  }

  private static Plan plan(Method m) {
    ObservedStage stage = m.getAnnotation(ObservedStage.class);
    boolean inference = m.isAnnotationPresent(ObservedInference.class);
    if (inference && stage != null) {
      throw new IllegalStateException(m + " has both @ObservedInference and @ObservedStage; choose one");
    }
    if (inference) {
      int corr = -1;
      Annotation[][] params = m.getParameterAnnotations();
      for (int i = 0; i < params.length; i++) {
        for (Annotation a : params[i]) {
          if (a instanceof CorrelationId) {
            if (m.getParameterTypes()[i] != String.class) {
              throw new IllegalStateException("@CorrelationId must be on a String parameter of " + m);
            }
            corr = i;
          }
        }
      }
      return new Plan(null, null, corr);
    }
    if (stage != null) {
      return new Plan(stage.value(), stage.subStage().isEmpty() ? null : stage.subStage(), -1);
    }
    return null;
  }

  boolean intercepts(Method m) {
    return plans.containsKey(m);
  }

  boolean isEmpty() {
    return plans.isEmpty();
  }

  List<String> unreachable() {
    return unreachable;
  }

  /** Runs {@code body} (the bean's own method) as {@code method}'s plan says. */
  Object invoke(InferenceObserver observer, Method method, Object[] args, Body body) throws Throwable {
    Plan plan = plans.get(method);
    if (plan == null || observer == null || observer.isNoop()) {
      return body.call();
    }
    if (plan.stage == null) {
      String corr = plan.correlationArg >= 0 ? (String) args[plan.correlationArg] : null;
      if (corr == null) {
        corr = CorrelationContext.current();
      }
      return observer.observe(corr, unchecked(body));
    }
    Inference inf = Inference.current();
    if (!inf.isRecording() || inf.observer() != observer) {
      return body.call();
    }
    return inf.stage(plan.stage, plan.subStage, unchecked(body));
  }

  /**
   * {@code body} as a Supplier for {@code observe(..)} and {@code stage(..)}, which rethrow what it
   * threw unchanged: its checked exceptions travel through undeclared and come out as themselves.
   */
  private static Supplier<Object> unchecked(Body body) {
    return () -> {
      try {
        return body.call();
      } catch (Throwable t) {
        throw ObservedMethods.<RuntimeException>sneaky(t);
      }
    };
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> T sneaky(Throwable t) throws T {
    throw (T) t;
  }

  /** The bean's own method body. */
  @FunctionalInterface
  interface Body {
    Object call() throws Throwable;
  }

  private static final class Plan {
    final Stage stage;
    final String subStage;
    final int correlationArg;

    Plan(Stage stage, String subStage, int correlationArg) {
      this.stage = stage;
      this.subStage = subStage;
      this.correlationArg = correlationArg;
    }
  }
}
