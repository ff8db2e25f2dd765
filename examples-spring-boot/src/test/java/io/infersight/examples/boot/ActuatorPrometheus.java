package io.infersight.examples.boot;

import io.infersight.testsupport.PrometheusServer;
import io.infersight.testsupport.Required;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A real Prometheus with exemplar storage scraping {@code /actuator/prometheus} of the application
 * on a port every second as job {@code fraud-api}. Debian's 2.42 refuses a scrape with exemplars on
 * {@code _count}, so an accepted scrape also proves where the exemplars are.
 */
final class ActuatorPrometheus {
  private ActuatorPrometheus() {}

  /** Starts it; skipped (failed under CI) without {@code prometheus}. */
  static PrometheusServer scraping(int appPort, Path dir) throws IOException {
    return PrometheusServer.start(Required.tool("prometheus", "install Debian's 'prometheus' package"),
        "fraud-api", "/actuator/prometheus", List.of("127.0.0.1:" + appPort), null, dir,
        List.of("--enable-feature=exemplar-storage"));
  }
}
