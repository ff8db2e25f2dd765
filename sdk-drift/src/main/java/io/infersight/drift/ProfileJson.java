package io.infersight.drift;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads and writes the versioned profile JSON, checking every field on the way in. */
final class ProfileJson {
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ProfileJson() {}

  static String write(ReferenceProfile profile) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", ReferenceProfile.FORMAT);
    root.put("version", ReferenceProfile.VERSION);
    root.put("quantile_bins", FeatureProfile.QUANTILE_BINS);
    ArrayNode features = root.putArray("features");
    for (FeatureProfile f : profile.features()) {
      features.add(feature(f));
    }
    if (profile.score() != null) {
      root.set("score", feature(profile.score()));
    }
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write profile JSON", e);
    }
  }

  private static ObjectNode feature(FeatureProfile f) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("name", f.name());
    n.put("kind", f.kind().label());
    n.put("count", f.count());
    n.put("missing", f.missing());
    if (f.kind() == FeatureKind.NUMERIC) {
      n.put("min", f.min());
      n.put("max", f.max());
      n.put("mean", f.mean());
      n.put("std", f.std());
      ArrayNode edges = n.putArray("edges");
      for (double e : f.edgesView()) {
        edges.add(e);
      }
      ArrayNode counts = n.putArray("bin_counts");
      for (long c : f.binCountsView()) {
        counts.add(c);
      }
      ArrayNode deciles = n.putArray("deciles");
      for (double d : f.decilesView()) {
        deciles.add(d);
      }
    } else {
      ObjectNode cats = n.putObject("categories");
      for (Map.Entry<String, Long> e : f.categories().entrySet()) {
        cats.put(e.getKey(), e.getValue());
      }
    }
    return n;
  }

  static ReferenceProfile read(String text, String source) {
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
      throw new DriftInputException(source + ": not valid JSON" + where + ": " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new DriftInputException(source + ": a profile must be a JSON object");
    }
    String format = root.path("format").asText(null);
    if (!ReferenceProfile.FORMAT.equals(format)) {
      throw new DriftInputException(source + ": not an Infersight drift profile (format is "
          + (format == null ? "missing" : "'" + format + "'") + ", expected '" + ReferenceProfile.FORMAT + "')");
    }
    JsonNode version = root.get("version");
    if (version == null || !version.canConvertToInt()) {
      throw new DriftInputException(source + ": field 'version' is missing or not an integer");
    }
    if (version.intValue() > ReferenceProfile.VERSION || version.intValue() < 1) {
      throw new DriftInputException(source + ": profile version " + version.intValue()
          + " is not supported (this library reads version 1 to " + ReferenceProfile.VERSION + ")");
    }
    JsonNode features = root.get("features");
    if (features == null || !features.isArray()) {
      throw new DriftInputException(source + ": field 'features' is missing or not an array");
    }
    List<FeatureProfile> list = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < features.size(); i++) {
      FeatureProfile f = feature(features.get(i), source + ": features[" + i + "]");
      if (!names.add(f.name())) {
        throw new DriftInputException(source + ": duplicate feature name '" + f.name() + "'");
      }
      list.add(f);
    }
    FeatureProfile score = null;
    JsonNode s = root.get("score");
    if (s != null && !s.isNull()) {
      score = feature(s, source + ": score");
      if (score.kind() != FeatureKind.NUMERIC) {
        throw new DriftInputException(source + ": score must be numeric");
      }
    }
    if (list.isEmpty() && score == null) {
      throw new DriftInputException(source + ": the profile has no features and no score");
    }
    return new ReferenceProfile(list, score);
  }

  private static FeatureProfile feature(JsonNode n, String where) {
    if (!n.isObject()) {
      throw new DriftInputException(where + ": must be an object");
    }
    String name = text(n, "name", where);
    where = where + " ('" + name + "')";
    FeatureKind kind = FeatureKind.fromLabel(text(n, "kind", where));
    if (kind == null) {
      throw new DriftInputException(where + ": field 'kind' must be 'numeric' or 'categorical'");
    }
    long count = nonNegativeLong(n, "count", where);
    long missing = nonNegativeLong(n, "missing", where);
    if (count == 0) {
      throw new DriftInputException(where + ": field 'count' must be positive");
    }
    if (kind == FeatureKind.CATEGORICAL) {
      return categorical(n, name, count, missing, where);
    }
    double min = finite(n, "min", where);
    double max = finite(n, "max", where);
    double mean = finite(n, "mean", where);
    double std = finite(n, "std", where);
    double[] edges = doubles(n, "edges", where);
    long[] bins = longs(n, "bin_counts", where);
    double[] deciles = doubles(n, "deciles", where);
    if (edges.length == 0) {
      throw new DriftInputException(where + ": field 'edges' is empty");
    }
    for (int i = 1; i < edges.length; i++) {
      if (!(edges[i] > edges[i - 1])) {
        throw new DriftInputException(where + ": field 'edges' must be strictly increasing (index " + i + ")");
      }
    }
    if (edges[0] != min || edges[edges.length - 1] != max) {
      throw new DriftInputException(where + ": the first and last edges must equal 'min' and 'max'");
    }
    if (bins.length != 2 * edges.length + 1) {
      throw new DriftInputException(where + ": field 'bin_counts' has " + bins.length
          + " entries, expected 2 × edges + 1 = " + (2 * edges.length + 1));
    }
    long sum = 0;
    for (long b : bins) {
      sum += b;
    }
    if (sum != count || bins[0] != 0 || bins[bins.length - 1] != 0) {
      throw new DriftInputException(where + ": field 'bin_counts' must sum to 'count' (" + count
          + ", was " + sum + ") with nothing below 'min' or above 'max'");
    }
    if (deciles.length != 9) {
      throw new DriftInputException(where + ": field 'deciles' must have 9 entries, has " + deciles.length);
    }
    for (int i = 0; i < deciles.length; i++) {
      if ((i > 0 && deciles[i] < deciles[i - 1]) || java.util.Arrays.binarySearch(edges, deciles[i]) < 0) {
        throw new DriftInputException(where + ": field 'deciles' must be non-decreasing and each one an edge");
      }
    }
    return new FeatureProfile(name, kind, count, missing, min, max, mean, std, edges, bins, deciles, null, null);
  }

  private static FeatureProfile categorical(JsonNode n, String name, long count, long missing, String where) {
    JsonNode cats = n.get("categories");
    if (cats == null || !cats.isObject() || cats.size() == 0) {
      throw new DriftInputException(where + ": field 'categories' is missing, empty or not an object");
    }
    String[] names = new String[cats.size()];
    long[] counts = new long[cats.size()];
    long sum = 0;
    int i = 0;
    for (Map.Entry<String, JsonNode> e : cats.properties()) {
      if (!e.getValue().canConvertToLong() || e.getValue().longValue() < 0) {
        throw new DriftInputException(where + ": category '" + e.getKey() + "' needs a non-negative count");
      }
      names[i] = e.getKey();
      counts[i] = e.getValue().longValue();
      sum += counts[i];
      i++;
    }
    if (sum != count) {
      throw new DriftInputException(where + ": category counts sum to " + sum + ", but 'count' is " + count);
    }
    return new FeatureProfile(name, FeatureKind.CATEGORICAL, count, missing, Double.NaN, Double.NaN,
        Double.NaN, Double.NaN, null, null, null, names, counts);
  }

  private static String text(JsonNode n, String field, String where) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new DriftInputException(where + ": field '" + field + "' is missing or not a non-blank string");
    }
    return v.asText();
  }

  private static long nonNegativeLong(JsonNode n, String field, String where) {
    JsonNode v = n.get(field);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
      throw new DriftInputException(where + ": field '" + field + "' is missing or not a non-negative integer");
    }
    return v.longValue();
  }

  private static double finite(JsonNode n, String field, String where) {
    JsonNode v = n.get(field);
    if (v == null || !v.isNumber() || !Double.isFinite(v.doubleValue())) {
      throw new DriftInputException(where + ": field '" + field + "' is missing or not a finite number");
    }
    return v.doubleValue();
  }

  private static double[] doubles(JsonNode n, String field, String where) {
    JsonNode v = n.get(field);
    if (v == null || !v.isArray()) {
      throw new DriftInputException(where + ": field '" + field + "' is missing or not an array");
    }
    double[] out = new double[v.size()];
    for (int i = 0; i < out.length; i++) {
      JsonNode e = v.get(i);
      if (!e.isNumber() || !Double.isFinite(e.doubleValue())) {
        throw new DriftInputException(where + ": " + field + "[" + i + "] is not a finite number");
      }
      out[i] = e.doubleValue() + 0.0;
    }
    return out;
  }

  private static long[] longs(JsonNode n, String field, String where) {
    JsonNode v = n.get(field);
    if (v == null || !v.isArray()) {
      throw new DriftInputException(where + ": field '" + field + "' is missing or not an array");
    }
    long[] out = new long[v.size()];
    for (int i = 0; i < out.length; i++) {
      JsonNode e = v.get(i);
      if (!e.isIntegralNumber() || !e.canConvertToLong() || e.longValue() < 0) {
        throw new DriftInputException(where + ": " + field + "[" + i + "] is not a non-negative integer");
      }
      out[i] = e.longValue();
    }
    return out;
  }
}
