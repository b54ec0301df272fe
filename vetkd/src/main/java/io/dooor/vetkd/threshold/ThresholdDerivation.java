package io.dooor.vetkd.threshold;

import io.dooor.vetkd.DerivedPublicKey;
import io.dooor.vetkd.EncryptedVetKey;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a threshold derivation: the verified combined key, the holders whose shares were
 * combined, and the holders excluded with the reason (an invalid share, an error, no answer).
 */
public record ThresholdDerivation(
    EncryptedVetKey encryptedKey,
    DerivedPublicKey derivedPublicKey,
    List<Integer> combinedHolders,
    Map<Integer, String> excludedHolders) {
  public ThresholdDerivation {
    combinedHolders = List.copyOf(combinedHolders);
    excludedHolders = Map.copyOf(excludedHolders);
  }
}
