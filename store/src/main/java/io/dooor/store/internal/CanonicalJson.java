package io.dooor.store.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Canonical JSON text for the maps and sets stored in one column: object keys sorted, set elements
 * sorted, no whitespace. Equal values always give equal text.
 */
final class CanonicalJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
  private static final TypeReference<TreeMap<String, String>> STRINGS = new TypeReference<>() {};
  private static final TypeReference<TreeMap<String, Long>> LONGS = new TypeReference<>() {};
  private static final TypeReference<TreeMap<String, List<String>>> STRING_SETS =
      new TypeReference<>() {};
  private static final TypeReference<List<String>> LIST = new TypeReference<>() {};

  private CanonicalJson() {}

  static String ofStrings(Map<String, String> map) {
    return write(new TreeMap<>(map));
  }

  static String ofLongs(Map<String, Long> map) {
    return write(new TreeMap<>(map));
  }

  static String ofStringSets(Map<String, Set<String>> map) {
    TreeMap<String, TreeSet<String>> sorted = new TreeMap<>();
    map.forEach((k, v) -> sorted.put(k, new TreeSet<>(v)));
    return write(sorted);
  }

  static String ofSet(Set<String> set) {
    return write(new TreeSet<>(set));
  }

  static Map<String, String> strings(String json) {
    return read(json, STRINGS);
  }

  static Map<String, Long> longs(String json) {
    return read(json, LONGS);
  }

  static Map<String, Set<String>> stringSets(String json) {
    TreeMap<String, Set<String>> out = new TreeMap<>();
    read(json, STRING_SETS).forEach((k, v) -> out.put(k, Set.copyOf(v)));
    return out;
  }

  static List<String> list(String json) {
    return read(json, LIST);
  }

  private static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode a map of strings as JSON", e);
    }
  }

  private static <T> T read(String json, TypeReference<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "stored JSON column does not decode: " + e.getMessage(), e);
    }
  }
}
