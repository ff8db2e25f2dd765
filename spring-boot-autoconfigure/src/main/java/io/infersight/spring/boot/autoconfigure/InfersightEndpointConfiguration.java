package io.infersight.spring.boot.autoconfigure;

import io.infersight.core.InferenceObserver;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@code infersight} actuator endpoint, when the actuator is on the class path. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
class InfersightEndpointConfiguration {
  @Bean
  @ConditionalOnMissingBean
  InfersightEndpoint infersightEndpoint(ObjectProvider<InferenceObserver> observer,
      ObjectProvider<PillarListener> pillars) {
    return new InfersightEndpoint(observer.getObject(), InfersightAutoConfiguration.sorted(pillars));
  }
}
