package io.infersight.core;

import io.infersight.core.annotation.CorrelationId;
import io.infersight.core.annotation.ObservedInference;
import io.infersight.core.annotation.ObservedStage;
import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/**
 * The JDK-proxy weaver behind {@link InferenceObserver#instrument(Class, Object)}. What each method
 * does is decided once, when the proxy is made, not per call.
 */
final class InstrumentedProxy implements InvocationHandler {
  /** What a method does under the proxy. */
  private enum Kind {
    /** Passes through: not annotated. */
    PLAIN,
    /** Opens an inference around the call ({@code @ObservedInference}). */
    INFERENCE,
    /** Is timed as a stage of the current inference ({@code @ObservedStage}). */
    STAGE
  }

  private final InferenceObserver observer;
  private final Object impl;
  private final String ifaceName;
  private final Map<Method, Plan> plans;

  private InstrumentedProxy(InferenceObserver observer, Class<?> iface, Object impl) {
    this.observer = observer;
    this.impl = impl;
    this.ifaceName = iface.getSimpleName();
    this.plans = new HashMap<>();
    for (Method m : iface.getMethods()) {
      plans.put(m, plan(m, m.isDefault() && !overridden(impl, m)));
    }
  }

  static <T> T create(InferenceObserver observer, Class<T> iface, T impl) {
    if (observer.isNoop()) {
      return impl;
    }
    Object proxy = Proxy.newProxyInstance(iface.getClassLoader(), new Class<?>[] {iface},
        new InstrumentedProxy(observer, iface, impl));
    return iface.cast(proxy);
  }

  private static Plan plan(Method m, boolean callDefault) {
    ObservedStage stage = m.getAnnotation(ObservedStage.class);
    if (m.isAnnotationPresent(ObservedInference.class)) {
      if (stage != null) {
        throw new IllegalArgumentException("instrument: " + m + " has both @ObservedInference and"
            + " @ObservedStage; choose one");
      }
      int corr = -1;
      Annotation[][] params = m.getParameterAnnotations();
      for (int i = 0; i < params.length; i++) {
        for (Annotation a : params[i]) {
          if (a instanceof CorrelationId) {
            if (m.getParameterTypes()[i] != String.class) {
              throw new IllegalArgumentException("instrument: @CorrelationId must be on a String"
                  + " parameter of " + m);
            }
            corr = i;
          }
        }
      }
      return new Plan(Kind.INFERENCE, null, null, corr, callDefault);
    }
    if (stage != null) {
      String sub = stage.subStage().isEmpty() ? null : stage.subStage();
      return new Plan(Kind.STAGE, stage.value(), sub, -1, callDefault);
    }
    return new Plan(Kind.PLAIN, null, null, -1, callDefault);
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return objectMethod(proxy, method, args);
    }
    Plan plan = plans.get(method);
    if (plan == null || plan.kind == Kind.PLAIN) {
      return call(proxy, method, args, plan != null && plan.callDefault);
    }
    if (plan.kind == Kind.INFERENCE) {
      String corr = plan.correlationArg >= 0 ? (String) args[plan.correlationArg] : null;
      return observer.observe(corr, proxy, args, (p, a, i) -> call(p, method, a, plan.callDefault),
          false);
    }
    RecordingInference inf = RecordingInference.currentRaw();
    if (inf == null || inf.observer() != observer) {
      return call(proxy, method, args, plan.callDefault);
    }
    return inf.timeStage(plan.stage, plan.subStage, proxy, args,
        (p, a, i) -> call(p, method, a, plan.callDefault));
  }

  /**
   * Calls the implementation, unwrapped; for a default method the implementation does not
   * override, runs the default on the proxy, so the stage methods it calls are timed too.
   */
  private Object call(Object proxy, Method method, Object[] args, boolean callDefault) throws Throwable {
    if (callDefault) {
      return InvocationHandler.invokeDefault(proxy, method, args);
    }
    try {
      return method.invoke(impl, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /**
   * Whether the implementation overrides a default method (then its version runs, as without a
   * proxy). The question is asked of the user's class: a generated subclass in between, such as
   * the CGLIB subclass Spring AOP makes for {@code @Transactional} or an aspect, overrides every
   * method only to forward it, and counting that as the user's override would run the default on
   * the target, where the stage methods it calls are not timed.
   */
  private static boolean overridden(Object impl, Method method) {
    try {
      Method m = userClass(impl.getClass()).getMethod(method.getName(), method.getParameterTypes());
      return !m.isDefault() && m.getDeclaringClass() != method.getDeclaringClass();
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  /**
   * The first class up from {@code type} that is not generated: code generators (CGLIB, and Spring
   * after it) name their subclasses with {@code $$}, which javac never puts in a class name.
   */
  static Class<?> userClass(Class<?> type) {
    Class<?> c = type;
    while (c.getName().contains("$$") && c.getSuperclass() != null
        && c.getSuperclass() != Object.class) {
      c = c.getSuperclass();
    }
    return c;
  }

  private Object objectMethod(Object proxy, Method method, Object[] args) {
    switch (method.getName()) {
      case "equals":
        return proxy == args[0];
      case "hashCode":
        return System.identityHashCode(proxy);
      default:
        return "Instrumented" + ifaceName + "(" + impl + ")";
    }
  }

  private static final class Plan {
    final Kind kind;
    final Stage stage;
    final String subStage;
    final int correlationArg;
    final boolean callDefault;

    Plan(Kind kind, Stage stage, String subStage, int correlationArg, boolean callDefault) {
      this.kind = kind;
      this.stage = stage;
      this.subStage = subStage;
      this.correlationArg = correlationArg;
      this.callDefault = callDefault;
    }
  }
}
