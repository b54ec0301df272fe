package io.dooor.vetkd.threshold;

import io.dooor.vetkd.DerivedPublicKey;
import io.dooor.vetkd.EncryptedVetKey;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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

  /** How the deriver words a holder that gave no answer within the timeout. */
  static final String NO_ANSWER = "no answer within ";

  /** How the deriver words a holder it did not ask (too many calls outstanding, closed). */
  static final String NOT_ASKED = "not asked: ";

  /** How the deriver words a holder still answering when t valid shares could no longer come. */
  static final String NOT_WAITED_FOR = "not waited for: ";

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

  /**
   * Each excluded holder's kind of exclusion, for logs and audit events: {@code timeout}, {@code
   * not_asked}, {@code not_waited_for}, {@code invalid_share} (a share that fails verification or
   * is mislabelled) or {@code failed} (an error, a refusal, unreachable, a malformed answer).
   */
  public Map<Integer, String> exclusionKinds() {
    Map<Integer, String> kinds = new TreeMap<>();
    excludedHolders.forEach((i, why) -> kinds.put(i, kindOf(why)));
    notWaitedFor.forEach(i -> kinds.putIfAbsent(i, "not_waited_for"));
    return kinds;
  }

  private static String kindOf(String why) {
    if (why.startsWith(NO_ANSWER)) {
      return "timeout";
    }
    if (why.startsWith(NOT_ASKED)) {
      return "not_asked";
    }
    if (why.startsWith(NOT_WAITED_FOR)) {
      return "not_waited_for";
    }
    if (why.equals(ShareCheck.INVALID)
        || why.startsWith(ShareCombiner.BEYOND_N)
        || why.equals(ShareCombiner.TWICE)) {
      return "invalid_share";
    }
    return "failed";
  }
}
