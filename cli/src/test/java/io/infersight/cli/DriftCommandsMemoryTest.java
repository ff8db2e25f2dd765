package io.infersight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drift-report} and {@code profile} in a child JVM with a small heap: the files are
 * streamed, so a file many times larger than loading would fit in is fine, and running out of
 * memory anyway is exit code 2 with one line, never 1 (which a CI gate reads as drift).
 */
class DriftCommandsMemoryTest {
  private static final int ROWS = 180_000;

  @TempDir Path dir;

  /** About 9 MB of 5 numeric columns: loaded whole it needed about 20 times that in heap. */
  private Path numericCsv() throws IOException {
    Path file = dir.resolve("big.csv");
    Random rnd = new Random(5);
    StringBuilder row = new StringBuilder();
    try (BufferedWriter w = Files.newBufferedWriter(file)) {
      w.write("a,b,c,d,e\n");
      for (int i = 0; i < ROWS; i++) {
        row.setLength(0);
        for (int c = 0; c < 5; c++) {
          row.append(c == 0 ? "" : ",").append(rnd.nextInt(2_000_000) - 1_000_000 + 1000 * c * c)
              .append('.').append(rnd.nextInt(1000));
        }
        w.write(row.append('\n').toString());
      }
    }
    return file;
  }

  @Test
  void streamsAFileTwentyTimesLargerThanTheHeapWouldHoldLoaded() throws Exception {
    Path csv = numericCsv();
    assertThat(Files.size(csv)).isGreaterThan(8L << 20);

    ChildJvm.Result profile = ChildJvm.run(dir, "64m", "profile", "--data", csv.toString(), "--out",
        dir.resolve("p.json").toString());
    assertThat(profile.err()).isEmpty();
    assertThat(profile.out()).contains("5 features", "from " + ROWS + " rows");
    assertThat(profile.exitCode()).isZero();

    ChildJvm.Result report = ChildJvm.run(dir, "64m", "drift-report", "--reference", csv.toString(),
        "--current", csv.toString(), "--format", "table");
    assertThat(report.err()).isEmpty();
    assertThat(report.out()).contains("0 of 5 features drifted");
    assertThat(report.exitCode()).isZero();
  }

  @Test
  void runningOutOfMemoryIsExitTwoWithOneLineNamingTheFileAndTheHeap() throws Exception {
    // A categorical column with a distinct value per row: its counts must all be held.
    Path file = dir.resolve("ids.csv");
    try (BufferedWriter w = Files.newBufferedWriter(file)) {
      w.write("id,x\n");
      for (int i = 0; i < 400_000; i++) {
        w.write("user-" + i + "," + (i % 10) + "\n");
      }
    }
    ChildJvm.Result r = ChildJvm.run(dir, "16m", "profile", "--data", file.toString(), "--out",
        dir.resolve("p.json").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().strip()).doesNotContain("\n", "\tat ", "Exception")
        .startsWith("profile: out of memory reading " + file)
        .contains("maximum heap of 16.0 MiB", "-Xmx");
  }
}
