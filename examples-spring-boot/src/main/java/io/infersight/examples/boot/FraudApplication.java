package io.infersight.examples.boot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The fraud service as a Spring Boot application. Its only Infersight set-up is the starter
 * dependency and {@code infersight.model.name} in application.properties.
 */
@SpringBootApplication
public class FraudApplication {
  public static void main(String[] args) {
    SpringApplication.run(FraudApplication.class, args);
  }
}
