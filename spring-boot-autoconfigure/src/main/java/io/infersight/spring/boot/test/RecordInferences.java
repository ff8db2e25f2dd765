package io.infersight.spring.boot.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Import;

/**
 * On a Spring test class: adds a {@code RecordingListener} (infersight-testing) bean to the
 * application's observer, so the test can autowire it and assert on every recorded request.
 *
 * <pre>{@code
 * @SpringBootTest
 * @RecordInferences
 * class FraudServiceTest {
 *   @Autowired RecordingListener recorded;
 *   @Autowired FraudService service;
 *
 *   @Test void recordsAllStages() {
 *     service.predict(tx);
 *     assertThat(recorded.last()).hasStage(Stage.FORWARD).succeeded();
 *   }
 * }
 * }</pre>
 *
 * Needs {@code io.infersight:infersight-testing} on the test class path.
 *
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Import(RecordingListenerConfiguration.class)
public @interface RecordInferences {}
