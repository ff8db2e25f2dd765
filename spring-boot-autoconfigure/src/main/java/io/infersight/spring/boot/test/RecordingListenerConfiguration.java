package io.infersight.spring.boot.test;

import io.infersight.testing.RecordingListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@code RecordingListener} bean of {@link RecordInferences}; the observer picks it up. */
@Configuration(proxyBeanMethods = false)
public class RecordingListenerConfiguration {
  @Bean
  RecordingListener infersightRecordingListener() {
    return RecordingListener.create();
  }
}
