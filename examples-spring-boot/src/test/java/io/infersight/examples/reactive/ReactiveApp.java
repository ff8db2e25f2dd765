package io.infersight.examples.reactive;

import io.infersight.core.Stage;
import io.infersight.core.annotation.CorrelationId;
import io.infersight.core.annotation.ObservedInference;
import io.infersight.core.annotation.ObservedStage;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** A small WebFlux application with an annotated plain service. */
@SpringBootApplication
public class ReactiveApp {

  @Service
  static class ReactiveScorer {
    @ObservedInference
    public String score(@CorrelationId String id) {
      return id + ":" + decide(features());
    }

    @ObservedStage(Stage.FEATURES)
    double features() {
      return 0.2;
    }

    @ObservedStage(Stage.FORWARD)
    String decide(double x) {
      return x > 0.5 ? "decline" : "approve";
    }
  }

  @RestController
  static class ScoreController {
    private final ReactiveScorer scorer;

    ScoreController(ReactiveScorer scorer) {
      this.scorer = scorer;
    }

    @GetMapping("/score")
    Mono<String> score(@CorrelationId String id) {
      return Mono.fromSupplier(() -> scorer.score(id));
    }
  }
}
