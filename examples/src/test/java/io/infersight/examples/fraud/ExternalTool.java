package io.infersight.examples.fraud;

import io.infersight.testsupport.Required;
import java.nio.file.Path;

/** Finds a program the end-to-end tests need: skipped locally when missing, a failure when CI=true. */
final class ExternalTool {
  private ExternalTool() {}

  static Path require(String name, String installHint) {
    return Required.tool(name, installHint);
  }
}
