package io.infersight.core;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Keeps metric labels bounded. Some keys may never be labels (user, request, item, session IDs
 * and the like: one series per user is how a Prometheus server dies); every other label has a
 * limit on distinct values. Declared values always pass; other values pass until the limit is
 * reached and then fold into {@value #OTHER}.
 *
 * <pre>{@code
 * LabelPolicy policy = LabelPolicy.builder()
 *     .maxValuesPerLabel(100)
 *     .maxValues("sub_stage", 20)
 *     .declare("model_version", "2.1.0", "2.2.0")
 *     .build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class LabelPolicy {
  /** The value that overflowing label values fold into. */
  public static final String OTHER = "other";

  /** Default limit on distinct values of one label. */
  public static final int DEFAULT_MAX_VALUES_PER_LABEL = 100;

  /** Label keys that are refused: each would make one series per user, request or item. */
  public static final Set<String> FORBIDDEN_KEYS =
      Collections.unmodifiableSet(
          new HashSet<>(
              Arrays.asList(
                  "user", "user_id", "userid", "uid", "customer_id", "account_id", "member_id",
                  "request_id", "requestid", "correlation_id", "trace_id", "span_id",
                  "session", "session_id", "item", "item_id", "product_id", "transaction_id",
                  "order_id", "device_id", "email", "ip", "ip_address", "uuid", "id")));

  private static final LabelPolicy DEFAULT = builder().build();

  private final int maxValuesPerLabel;
  private final Map<String, Integer> maxValues;
  private final Map<String, Set<String>> declared;

  private LabelPolicy(Builder b) {
    this.maxValuesPerLabel = b.maxValuesPerLabel;
    this.maxValues = Collections.unmodifiableMap(new HashMap<>(b.maxValues));
    Map<String, Set<String>> d = new HashMap<>();
    b.declared.forEach((k, v) -> d.put(k, Collections.unmodifiableSet(new HashSet<>(v))));
    this.declared = Collections.unmodifiableMap(d);
  }

  /** The policy with default limits and nothing declared. */
  public static LabelPolicy defaults() {
    return DEFAULT;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Whether {@code key} names an unbounded identifier that must never be a label. Matching
   * ignores case and treats {@code -} and {@code .} as {@code _}; any key ending in {@code _id}
   * other than a declared one is also refused.
   */
  public static boolean isForbiddenKey(@Nullable String key) {
    if (key == null) {
      return true;
    }
    String k = key.toLowerCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    return FORBIDDEN_KEYS.contains(k) || k.endsWith("_id") || k.endsWith("_uuid");
  }

  /** Why {@code key} is refused, for error messages. */
  public static String whyForbidden(String key) {
    return "label key '" + key + "' is refused: identifiers such as user, request, item or session IDs"
        + " have unbounded values and would create one time series per value; put them in logs or"
        + " span attributes instead";
  }

  /** The limit on distinct values of {@code labelKey}. */
  public int maxValues(String labelKey) {
    Integer specific = maxValues.get(labelKey);
    return specific != null ? specific : maxValuesPerLabel;
  }

  /** The values declared for {@code labelKey}; they always pass and do not count to the limit. */
  public Set<String> declaredValues(String labelKey) {
    Set<String> values = declared.get(labelKey);
    return values == null ? Collections.emptySet() : values;
  }

  /**
   * A guard for one label: it resolves raw values to bounded ones, counting overflows under
   * {@code infersight.label.overflow{label=...}} in {@code selfMetrics}.
   */
  public BoundedLabel guard(String labelKey, SelfMetrics selfMetrics) {
    Objects.requireNonNull(labelKey, "labelKey");
    Objects.requireNonNull(selfMetrics, "selfMetrics");
    return new BoundedLabel(labelKey, maxValues(labelKey), declaredValues(labelKey),
        selfMetrics.counter(SelfMetricNames.LABEL_OVERFLOW, "Label values folded into 'other'",
            "label", labelKey));
  }

  @Override
  public String toString() {
    return "LabelPolicy{maxValuesPerLabel=" + maxValuesPerLabel + ", maxValues=" + maxValues
        + ", declared=" + declared + "}";
  }

  /**
   * Builds a {@link LabelPolicy}.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private int maxValuesPerLabel = DEFAULT_MAX_VALUES_PER_LABEL;
    private final Map<String, Integer> maxValues = new HashMap<>();
    private final Map<String, Set<String>> declared = new HashMap<>();

    private Builder() {}

    /** The default limit on distinct values of any label; default {@value #DEFAULT_MAX_VALUES_PER_LABEL}. */
    public Builder maxValuesPerLabel(int limit) {
      this.maxValuesPerLabel = checkLimit("maxValuesPerLabel", limit);
      return this;
    }

    /** The limit on distinct values of one label. */
    public Builder maxValues(String labelKey, int limit) {
      Objects.requireNonNull(labelKey, "labelKey");
      maxValues.put(labelKey, checkLimit("maxValues(" + labelKey + ")", limit));
      return this;
    }

    /** Declares values of {@code labelKey} that always pass. */
    public Builder declare(String labelKey, String... values) {
      Objects.requireNonNull(labelKey, "labelKey");
      Objects.requireNonNull(values, "values");
      Set<String> set = declared.computeIfAbsent(labelKey, k -> new HashSet<>());
      for (String v : values) {
        set.add(Objects.requireNonNull(v, "declared value of " + labelKey));
      }
      return this;
    }

    public LabelPolicy build() {
      return new LabelPolicy(this);
    }

    private static int checkLimit(String setting, int limit) {
      if (limit < 1 || limit > 10_000) {
        throw new IllegalArgumentException(setting + " must be between 1 and 10000, was " + limit);
      }
      return limit;
    }
  }
}
