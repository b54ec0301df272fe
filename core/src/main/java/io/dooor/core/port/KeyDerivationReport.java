package io.dooor.core.port;

import io.dooor.common.Bytes;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the key service did for one derivation: the encrypted vetKey (192 bytes c1||c2||c3, as ICP's
 * vetkd_derive_key returns it), the derived public key it verifies under (G2, 96 bytes), the
 * key-share holders whose shares were combined and those excluded, each with a short kind (e.g.
 * {@code timeout}, {@code failed}, {@code invalid_share}).
 */
public record KeyDerivationReport(
    Bytes encryptedKey,
    Bytes derivedPublicKey,
    List<Integer> holdersCombined,
    SortedMap<Integer, String> holdersExcluded) {
  public KeyDerivationReport {
    holdersCombined = List.copyOf(holdersCombined);
    holdersExcluded = Collections.unmodifiableSortedMap(new TreeMap<>(holdersExcluded));
  }

  /**
   * The event details naming the holders: {@code holders_combined=1,3,4}, {@code 2:timeout,...}.
   */
  public Map<String, String> holderFacts() {
    return Map.of(
        "holders_combined",
        String.join(",", holdersCombined.stream().map(String::valueOf).toList()),
        "holders_excluded",
        String.join(
            ",",
            holdersExcluded.entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue())
                .toList()));
  }
}
