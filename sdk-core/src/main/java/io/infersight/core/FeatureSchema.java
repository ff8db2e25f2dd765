package io.infersight.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The names, in order, of the features that serving code hands to {@link Inference#features(double[])}
 * as a primitive array. Declared once on the observer's builder, so the hot path passes a
 * {@code double[]} with no map and no boxing.
 *
 * <pre>{@code
 * FeatureSchema schema = FeatureSchema.of("amount", "merchant_risk", "account_age_days");
 * InferenceObserver.builder().model("fraud", "2").featureSchema(schema).build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class FeatureSchema {
  private static final FeatureSchema EMPTY = new FeatureSchema(new String[0]);

  private final String[] names;
  private final Map<String, Integer> indexes;

  private FeatureSchema(String[] names) {
    this.names = names;
    Map<String, Integer> idx = new HashMap<>();
    for (int i = 0; i < names.length; i++) {
      idx.put(names[i], i);
    }
    this.indexes = Collections.unmodifiableMap(idx);
  }

  /**
   * A schema of the given feature names, in array order.
   *
   * @throws IllegalArgumentException on a blank or duplicate name
   */
  public static FeatureSchema of(String... names) {
    Objects.requireNonNull(names, "names");
    String[] copy = names.clone();
    List<String> seen = new ArrayList<>();
    for (String n : copy) {
      if (n == null || n.isBlank()) {
        throw new IllegalArgumentException("featureSchema: feature names must be non-blank");
      }
      if (seen.contains(n)) {
        throw new IllegalArgumentException("featureSchema: duplicate feature name '" + n + "'");
      }
      seen.add(n);
    }
    return new FeatureSchema(copy);
  }

  /** The schema of no features. */
  public static FeatureSchema empty() {
    return EMPTY;
  }

  public int size() {
    return names.length;
  }

  public String name(int index) {
    return names[index];
  }

  /** The index of {@code name}, or -1. */
  public int indexOf(String name) {
    Integer i = indexes.get(name);
    return i == null ? -1 : i;
  }

  public List<String> names() {
    return Collections.unmodifiableList(Arrays.asList(names));
  }

  @Override
  public String toString() {
    return "FeatureSchema" + Arrays.toString(names);
  }
}
