package io.infersight.drift;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The reference and current counts a feature's PSI was computed from: for a numeric feature the
 * 10 bins cut at the reference deciles ({@code ≤ d1}, {@code (d1, d2]}, …, {@code > d9}); for a
 * categorical one a bin per category seen in either set, sorted. Read-only; the HTML report draws
 * it.
 *
 * <pre>{@code
 * DriftHistogram h = report.features().get(0).histogram();
 * for (int i = 0; i < h.size(); i++) {
 *   System.out.println(h.label(i) + " " + h.referenceShare(i) + " -> " + h.currentShare(i));
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class DriftHistogram {
  private final List<String> labels;
  private final long[] reference;
  private final long[] current;
  private final long referenceTotal;
  private final long currentTotal;

  private DriftHistogram(List<String> labels, long[] reference, long[] current) {
    this.labels = Collections.unmodifiableList(labels);
    this.reference = reference;
    this.current = current;
    this.referenceTotal = Arrays.stream(reference).sum();
    this.currentTotal = Arrays.stream(current).sum();
  }

  /** Decile bins: {@code deciles} are the 9 edges, the count arrays have 10 entries. */
  static DriftHistogram numeric(double[] deciles, long[] reference, long[] current) {
    List<String> labels = new ArrayList<>();
    for (int k = 0; k <= deciles.length; k++) {
      if (k == 0) {
        labels.add("≤ " + num(deciles[0]));
      } else if (k == deciles.length) {
        labels.add("> " + num(deciles[k - 1]));
      } else {
        labels.add("(" + num(deciles[k - 1]) + ", " + num(deciles[k]) + "]");
      }
    }
    return new DriftHistogram(labels, reference.clone(), current.clone());
  }

  /** A bin per category: each value holds {reference count, current count}. */
  static DriftHistogram categorical(Map<String, long[]> table) {
    List<String> labels = new ArrayList<>(table.keySet());
    long[] r = new long[labels.size()];
    long[] c = new long[labels.size()];
    int i = 0;
    for (long[] counts : table.values()) {
      r[i] = counts[0];
      c[i] = counts[1];
      i++;
    }
    return new DriftHistogram(labels, r, c);
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }

  /** The number of bins. */
  public int size() {
    return labels.size();
  }

  /** Bin {@code i}'s label: a value range or a category. */
  public String label(int i) {
    return labels.get(i);
  }

  /** The bins' labels. */
  public List<String> labels() {
    return labels;
  }

  /** Reference values in bin {@code i}. */
  public long referenceCount(int i) {
    return reference[i];
  }

  /** Current values in bin {@code i}. */
  public long currentCount(int i) {
    return current[i];
  }

  /** Bin {@code i}'s share of the reference values, 0 to 1. */
  public double referenceShare(int i) {
    return referenceTotal == 0 ? 0 : (double) reference[i] / referenceTotal;
  }

  /** Bin {@code i}'s share of the current values, 0 to 1. */
  public double currentShare(int i) {
    return currentTotal == 0 ? 0 : (double) current[i] / currentTotal;
  }
}
