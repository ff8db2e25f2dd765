package io.infersight.spring.boot.autoconfigure;

import io.infersight.core.InferenceObserver;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.aopalliance.intercept.MethodInvocation;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.cglib.core.SpringNamingPolicy;
import org.springframework.cglib.proxy.Callback;
import org.springframework.cglib.proxy.Enhancer;
import org.springframework.cglib.proxy.MethodInterceptor;
import org.springframework.cglib.proxy.NoOp;
import org.springframework.util.ClassUtils;

/**
 * Makes {@code @ObservedInference} and {@code @ObservedStage} work on plain bean classes.
 *
 * <p>Before any bean is created, the bean definition of each class with such methods is pointed at
 * a generated subclass (as Spring does for {@code @Configuration} classes) whose overriding methods
 * record the request or time the stage and then run the class's own code. Spring creates, injects
 * and initialises the subclass as it would the class, and because the bean <em>is</em> the
 * subclass, a stage method called through {@code this} (for example {@code predict()} calling
 * {@code features()}) is timed too.
 *
 * <p>A bean made by a {@code @Bean} method cannot be re-classed; it is wrapped in a proxy that sees
 * outside calls only. Methods nothing can intercept (private, final or static ones, and every
 * method of a final class) are named in one warning at start.
 */
final class ObservedBeansPostProcessor implements
    org.springframework.beans.factory.config.BeanFactoryPostProcessor, BeanPostProcessor, BeanFactoryAware {
  private static final Log LOG = LogFactory.getLog(ObservedBeansPostProcessor.class);

  private BeanFactory beanFactory;
  private volatile ObserverRef observerRef;

  @Override
  public void setBeanFactory(BeanFactory beanFactory) {
    this.beanFactory = beanFactory;
  }

  private ObserverRef ref() {
    ObserverRef r = observerRef;
    if (r == null) {
      r = new ObserverRef(beanFactory);
      observerRef = r;
    }
    return r;
  }

  @Override
  public void postProcessBeanFactory(ConfigurableListableBeanFactory factory) throws BeansException {
    ClassLoader loader = factory.getBeanClassLoader();
    List<String> warnings = new ArrayList<>();
    for (String name : factory.getBeanDefinitionNames()) {
      BeanDefinition bd = factory.getBeanDefinition(name);
      if (!(bd instanceof AbstractBeanDefinition) || bd.getFactoryMethodName() != null
          || bd.getBeanClassName() == null || bd.isAbstract()) {
        continue;
      }
      AbstractBeanDefinition abd = (AbstractBeanDefinition) bd;
      Class<?> type;
      try {
        type = abd.resolveBeanClass(loader);
      } catch (ClassNotFoundException | LinkageError e) {
        continue;
      }
      if (type == null || type.getName().startsWith("org.springframework.")
          || !ObservedMethods.annotated(type)) {
        continue;
      }
      ObservedMethods methods = ObservedMethods.of(type);
      warnings.addAll(methods.unreachable());
      if (Modifier.isFinal(type.getModifiers())) {
        warnings.add(type.getName() + " (final class: no method of it is observed)");
        continue;
      }
      if (!methods.isEmpty()) {
        abd.setBeanClass(subclass(type, methods, loader));
      }
    }
    warn(warnings);
  }

  private Class<?> subclass(Class<?> type, ObservedMethods methods, ClassLoader loader) {
    ObserverRef ref = ref();
    MethodInterceptor interceptor = (obj, method, args, proxy) ->
        methods.invoke(ref.get(), method, args, () -> proxy.invokeSuper(obj, args));
    Enhancer enhancer = new Enhancer();
    enhancer.setSuperclass(type);
    enhancer.setUseFactory(false);
    enhancer.setUseCache(false);
    enhancer.setNamingPolicy(SpringNamingPolicy.INSTANCE);
    enhancer.setClassLoader(loader == null ? type.getClassLoader() : loader);
    enhancer.setCallbackTypes(new Class<?>[] {NoOp.class, MethodInterceptor.class});
    enhancer.setCallbackFilter(m -> methods.intercepts(m) ? 1 : 0);
    Class<?> sub = enhancer.createClass();
    Enhancer.registerStaticCallbacks(sub, new Callback[] {NoOp.INSTANCE, interceptor});
    return sub;
  }

  /** Beans made by {@code @Bean} methods: a proxy around the instance (outside calls only). */
  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    Class<?> type = ClassUtils.getUserClass(bean.getClass());
    if (type != bean.getClass() || type.getName().startsWith("org.springframework.")
        || !ObservedMethods.annotated(type)) {
      return bean;
    }
    ObservedMethods methods = ObservedMethods.of(type);
    if (methods.isEmpty() || Modifier.isFinal(type.getModifiers())) {
      return bean;
    }
    ObserverRef ref = ref();
    ProxyFactory factory = new ProxyFactory(bean);
    factory.setProxyTargetClass(true);
    factory.addAdvice((org.aopalliance.intercept.MethodInterceptor) (MethodInvocation inv) -> {
      Method m = inv.getMethod();
      return methods.invoke(ref.get(), m, inv.getArguments(), inv::proceed);
    });
    LOG.warn("Infersight: bean '" + beanName + "' (" + type.getName() + ") is made by a @Bean method,"
        + " so only calls from outside it are observed; @ObservedStage methods it calls on itself"
        + " are not timed. Declare it as a @Component (or @Service) to have them timed.");
    return factory.getProxy(bean.getClass().getClassLoader());
  }

  private static void warn(List<String> warnings) {
    if (!warnings.isEmpty()) {
      LOG.warn("Infersight: these annotated methods cannot be intercepted and are NOT observed"
          + " (make them non-private, non-final, non-static): " + String.join(", ", warnings));
    }
  }

  /** The observer, found once it exists (beans are re-classed before any bean is created). */
  static final class ObserverRef {
    private final BeanFactory beanFactory;
    private volatile InferenceObserver observer;

    ObserverRef(BeanFactory beanFactory) {
      this.beanFactory = beanFactory;
    }

    InferenceObserver get() {
      InferenceObserver o = observer;
      if (o == null && beanFactory != null) {
        o = beanFactory.getBeanProvider(InferenceObserver.class).getIfUnique();
        observer = o;
      }
      return o;
    }
  }
}
