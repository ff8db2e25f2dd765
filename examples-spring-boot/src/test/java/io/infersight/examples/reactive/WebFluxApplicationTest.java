package io.infersight.examples.reactive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.infersight.core.Stage;
import io.infersight.spring.boot.test.RecordInferences;
import io.infersight.testing.RecordedInference;
import io.infersight.testing.RecordedStage;
import io.infersight.testing.RecordingListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.web.server.WebFilter;

/** A WebFlux application (Netty, over real HTTP): the WebFilter and {@code @CorrelationId} resolution. */
@SpringBootTest(classes = ReactiveApp.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.main.web-application-type=reactive", "infersight.model.name=reactive-model"})
@RecordInferences
class WebFluxApplicationTest {
  @Value("${local.server.port}")
  int port;
  @Autowired
  RecordingListener recorded;
  @Autowired
  WebFilter[] filters;

  @Test
  void theHeaderIsEchoedAndResolvedAndTheRequestRecorded() throws Exception {
    assertThat(filters).anyMatch(f -> f.getClass().getSimpleName().equals("CorrelationIdWebFilter"));
    HttpClient client = HttpClient.newHttpClient();
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/score"))
        .header("X-Correlation-ID", "flux-42").timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-Correlation-ID")).hasValue("flux-42");
    assertThat(r.body()).isEqualTo("flux-42:approve");
    RecordedInference[] found = new RecordedInference[1];
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      found[0] = recorded.inferences().stream().filter(i -> "flux-42".equals(i.correlationId()))
          .findFirst().orElse(null);
      assertThat(found[0]).isNotNull();
    });
    assertThat(found[0].stages().stream().map(RecordedStage::stage).collect(Collectors.toList()))
        .containsExactly(Stage.FEATURES, Stage.FORWARD);

    HttpResponse<String> fresh = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/score"))
        .header("X-Correlation-ID", "not valid!").timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
    String id = fresh.headers().firstValue("X-Correlation-ID").orElseThrow();
    assertThat(id).matches("[0-9a-f]{16}");
    assertThat(fresh.body()).isEqualTo(id + ":approve");
  }
}
