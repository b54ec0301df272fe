package io.dooor.attestation.pki;

import io.dooor.common.Bytes;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Process-wide memo of a pure decoding (bytes to an immutable, thread-safe object: a certificate, a
 * CRL, a curve-checked public key, a decoded PEM chain) by the exact bytes decoded: a hit requires
 * byte-equal input, so it returns what decoding those bytes again would return. Nothing verified is
 * remembered here (signatures, chains, CRL issuers and validity windows are checked by the callers
 * on every use), and a failed decoding is not remembered. Bounded: a memo is cleared when it
 * exceeds its size. Lock-free reads.
 */
public final class DecodeMemo<V> {
  private static final List<DecodeMemo<?>> ALL = new CopyOnWriteArrayList<>();

  private final int max;
  private final ConcurrentHashMap<Bytes, V> map = new ConcurrentHashMap<>();

  private DecodeMemo(int max) {
    this.max = max;
  }

  /** A new memo of at most {@code max} entries, cleared by {@link #clearAll()}. */
  public static <V> DecodeMemo<V> create(int max) {
    DecodeMemo<V> m = new DecodeMemo<>(max);
    ALL.add(m);
    return m;
  }

  /**
   * Forgets every decoding in the process, so that the next verification decodes everything as on
   * first sight (benchmarks measure that cost with it).
   */
  public static void clearAll() {
    ALL.forEach(m -> m.map.clear());
  }

  /** What {@code key} decoded to before, or null. */
  public V get(Bytes key) {
    return map.get(key);
  }

  /** Remembers that {@code key} decodes to {@code value}. */
  public void put(Bytes key, V value) {
    if (map.size() >= max) {
      map.clear();
    }
    map.put(key, value);
  }
}
