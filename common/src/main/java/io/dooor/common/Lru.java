package io.dooor.common;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Bounded least-recently-used maps, for the caches of verified or decoded values. */
public final class Lru {
  private Lru() {}

  /**
   * An access-ordered map that drops its least recently used entry beyond {@code capacity}; not
   * thread-safe (callers synchronize on it).
   */
  public static <K, V> Map<K, V> map(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("LRU capacity must be positive: " + capacity);
    }
    return new LinkedHashMap<>(Math.min(capacity, 256), 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> e) {
        return size() > capacity;
      }
    };
  }

  /** {@link #map} wrapped by {@link Collections#synchronizedMap}. */
  public static <K, V> Map<K, V> synchronizedMap(int capacity) {
    return Collections.synchronizedMap(map(capacity));
  }
}
