package io.infersight.examples.fraud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code --observer noop}: the same server answers {@code /predict}, and nothing is instrumented. */
class DemoNoopObserverTest {
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build();

  @Test
  void noopObserverServesPredictionsAndRecordsNoInferenceSeries() throws Exception {
    DemoOptions options = new DemoOptions(0, 0, Scenario.HEALTHY, Duration.ZERO, Duration.ZERO, null,
        Duration.ofMinutes(10)).withObserver(ObserverMode.NOOP);
    try (DemoApp demo = DemoApp.start(options, new PrintStream(new ByteArrayOutputStream(), true,
        StandardCharsets.UTF_8))) {
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + demo.port() + "/predict"))
          .timeout(Duration.ofSeconds(20))
          .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"u7\",\"amount\":42.5,"
              + "\"merchantCategory\":\"grocery\",\"hour\":14,\"cardPresent\":true,\"foreign\":false}"))
          .build(), HttpResponse.BodyHandlers.ofString());

      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(r.body()).contains("\"decision\"");
      assertThat(demo.observer().model().name()).isEqualTo("noop");
      assertThat(demo.registry().scrape()).doesNotContain("ml_inference_requests_total");
    }
  }

  @Test
  void observerModeParsesBothSpellingsAndNamesTheOptionOtherwise() {
    assertThat(ObserverMode.parse(" NOOP ")).isEqualTo(ObserverMode.NOOP);
    assertThat(ObserverMode.parse("default")).isEqualTo(ObserverMode.DEFAULT);
    assertThat(DemoOptions.defaults().observer()).isEqualTo(ObserverMode.DEFAULT);
    assertThatThrownBy(() -> ObserverMode.parse("none")).hasMessageContaining("--observer");
  }
}
