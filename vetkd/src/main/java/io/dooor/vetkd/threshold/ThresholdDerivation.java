package io.dooor.vetkd.threshold;

import io.dooor.vetkd.DerivedPublicKey;
import io.dooor.vetkd.EncryptedVetKey;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a threshold derivation: the verified combined key, the holders whose shares were
 * combined, the holders excluded with the reason (an invalid share, an error, no answer), and the
 * holders not waited for: asked, but still answering when t valid shares were in. Their verdicts
 * reach {@link HolderHealth} later.
 */
public record ThresholdDerivation(
    EncryptedVetKey encryptedKey,
    DerivedPublicKey derivedPublicKey,
    List<Integer> combinedHolders,
    Map<Integer, String> excludedHolders,
    List<Integer> notWaitedFor) {
  public ThresholdDerivation {
    combinedHolders = List.copyOf(combinedHolders);
    excludedHolders = Map.copyOf(excludedHolders);
    notWaitedFor = List.copyOf(notWaitedFor);
  }

  /** A derivation that waited for every holder asked. */
  public ThresholdDerivation(
      EncryptedVetKey encryptedKey,
      DerivedPublicKey derivedPublicKey,
      List<Integer> combinedHolders,
      Map<Integer, String> excludedHolders) {
    this(encryptedKey, derivedPublicKey, combinedHolders, excludedHolders, List.of());
  }

  /** The same outcome, naming the holders not waited for. */
  public ThresholdDerivation withNotWaitedFor(List<Integer> holders) {
    return new ThresholdDerivation(
        encryptedKey, derivedPublicKey, combinedHolders, excludedHolders, holders);
  }
}
