package io.infersight.examples.reactive;

import io.infersight.core.Stage;
import io.infersight.core.annotation.CorrelationId;
import io.infersight.core.annotation.ObservedInference;
import io.infersight.core.annotation.ObservedStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A small WebFlux application with an annotated plain service; it logs (with the request's
 * {@code tag}) in the controller method, on a worker scheduler, in a {@code map} and in the service,
 * and after the inference on another scheduler's thread.
 */
@SpringBootApplication
public class ReactiveApp {
  private static final Logger LOG = LoggerFactory.getLogger(ReactiveApp.class);

  @Service
  static class ReactiveScorer {
    @ObservedInference
    public String score(@CorrelationId String id, String tag) {
      LOG.info("service scoring {}", tag);
      return id + ":" + decide(features());
    }

    /** Takes the exchange's ID from the thread it runs on (no {@code @CorrelationId} parameter). */
    @ObservedInference
    public String scoreImplicit(String tag) {
      LOG.info("service scoring implicitly {}", tag);
      return decide(features());
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
    Mono<String> score(@CorrelationId String id, @RequestParam(defaultValue = "untagged") String tag) {
      LOG.info("controller received {}", tag);
      return Mono.fromCallable(() -> {
        LOG.info("worker scoring {}", tag);
        return scorer.score(id, tag);
      }).subscribeOn(Schedulers.boundedElastic()).map(result -> {
        LOG.info("mapped {}", tag);
        return result;
      });
    }

    /** Logs after the inference ended, on another scheduler's thread. */
    @GetMapping("/score-then-hop")
    Mono<String> scoreThenHop(@CorrelationId String id, @RequestParam String tag) {
      return Mono.fromCallable(() -> scorer.score(id, tag)).subscribeOn(Schedulers.boundedElastic())
          .publishOn(Schedulers.parallel()).map(result -> {
            LOG.info("after the inference {}", tag);
            return result;
          });
    }

    @GetMapping("/score-implicit")
    Mono<String> scoreImplicit(@RequestParam String tag) {
      return Mono.fromCallable(() -> scorer.scoreImplicit(tag)).subscribeOn(Schedulers.boundedElastic());
    }
  }
}
