package io.infersight.examples.fraud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.infersight.testsupport.HeadlessChromium;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The trace waterfall page as a person sees it: rendered by headless Chromium (Debian's package),
 * checked through the rendered DOM and the screenshot's pixels, not just the HTTP status.
 */
@Tag("e2e")
class WaterfallPageTest {
  private static final int BAR_BLUE = 0x4a8fe7;
  private static final int BAR_RED = 0xdd3333;

  @Test
  void waterfallPageRendersEveryStageSpanAndTheFailedTraces() throws Exception {
    Path chromium = ExternalTool.require("chromium", "install Debian's 'chromium' package");
    try (DemoApp demo = DemoClient.startQuiet()) {
      DemoClient client = new DemoClient(demo, 5);
      String[] styles = {"scope", "pipeline", "annotated"};
      for (int i = 0; i < 60; i++) {
        if (i == 30) {
          demo.switchScenario(Scenario.ERRORS);
        }
        client.predict("/predict?style=" + styles[i % 3], "waterfall-" + i);
      }
      await("sampled and failed traces reach the store").atMost(Duration.ofSeconds(30))
          .until(() -> !demo.traceStore().errors().isEmpty() && demo.traceStore().recent().size() >= 3);

      String url = client.base() + "/debug/traces/view";
      Path profile = Files.createTempDirectory("chromium-profile");
      String dom = HeadlessChromium.run(chromium, profile, "--dump-dom", url);
      assertThat(dom).contains("Infersight — recent traces")
          .contains("data-span=\"ml.inference\"", "data-span=\"ml.preprocess\"",
              "data-span=\"feature_store.get\"", "data-span=\"model.forward\"", "data-span=\"ml.postprocess\"")
          .contains("correlation_id waterfall-")
          .contains("class=\"trace error\"");
      assertThat(dom).containsPattern("Failed \\([1-9]");

      BufferedImage image = HeadlessChromium.screenshot(chromium, profile, Path.of("target", "waterfall.png"),
          1280, 1400, url);
      assertThat(image.getWidth()).isEqualTo(1280);
      assertThat(HeadlessChromium.pixelsNear(image, BAR_BLUE)).as("blue span bars in the screenshot").isGreaterThan(2_000);
      assertThat(HeadlessChromium.pixelsNear(image, BAR_RED)).as("red (failed) span bars in the screenshot").isGreaterThan(100);
    }
  }
}
