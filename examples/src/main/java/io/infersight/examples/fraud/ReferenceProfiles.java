package io.infersight.examples.fraud;

import io.infersight.drift.ReferenceProfile;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Builds the drift reference from the training data, as a training pipeline would. */
final class ReferenceProfiles {
  private ReferenceProfiles() {}

  /** One numeric profile per model feature, plus the model's score on the training rows. */
  static ReferenceProfile fromTraining(SyntheticData.TrainingSet training, FraudModel model) {
    double[][] x = training.x();
    ReferenceProfile.Builder b = ReferenceProfile.builder();
    for (int j = 0; j < SyntheticData.FEATURES.length; j++) {
      double[] column = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        column[i] = x[i][j];
      }
      b.numeric(SyntheticData.FEATURES[j], column);
    }
    double[] scores = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      scores[i] = model.score(x[i]);
    }
    return b.score(scores).build();
  }

  /** Writes the first {@code rows} training rows with their score as CSV, for {@code infersight drift-report}. */
  static void writeCsv(SyntheticData.TrainingSet training, FraudModel model, Path file, int rows) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(String.join(",", SyntheticData.FEATURES) + ",score\n");
      for (int i = 0; i < Math.min(rows, training.x().length); i++) {
        double[] row = training.x()[i];
        StringBuilder line = new StringBuilder();
        for (double v : row) {
          line.append(String.format(Locale.ROOT, "%.6g", v)).append(',');
        }
        line.append(String.format(Locale.ROOT, "%.6g", model.score(row))).append('\n');
        w.write(line.toString());
      }
    }
  }
}
