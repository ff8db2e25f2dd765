package io.infersight.examples.boot;

import io.infersight.spring.boot.test.RecordInferences;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The fraud application on a real Tomcat (random port) with every request traced and logged; test
 * classes with this annotation share one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "infersight.tracing.sampling-ratio=1.0", "infersight.logging.sample-rate=1.0",
    // Boot's tests turn metrics export off unless told otherwise.
    "management.prometheus.metrics.export.enabled=true"})
@RecordInferences
@interface FraudAppTest {}
