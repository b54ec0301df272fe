package io.dooor.vetkd.threshold;

import io.dooor.common.Bytes;
import io.dooor.vetkd.DerivedPublicKey;
import io.dooor.vetkd.internal.G1Point;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Recently computed H_aug(DPK, input) (spec §2), shared by the in-process holders and the combiner:
 * one derivation with t in-process holders would otherwise hash the same input t + 1 times. A pure
 * memo of a public function (no key material); concurrent callers for the same input wait for the
 * first one instead of hashing again. Bounded: cleared when full, and inputs over 1 KiB are not
 * kept.
 */
final class AugmentedHashes {
  private static final int CAPACITY = 512;
  private static final int MAX_INPUT = 1024;
  private static final ConcurrentHashMap<Key, G1Point> RECENT = new ConcurrentHashMap<>();

  private AugmentedHashes() {}

  private record Key(Bytes dpk, Bytes input) {}

  static G1Point of(DerivedPublicKey dpk, Bytes input) {
    if (input.length() > MAX_INPUT) {
      return dpk.augmentedHash(input);
    }
    if (RECENT.size() >= CAPACITY) {
      RECENT.clear();
    }
    return RECENT.computeIfAbsent(new Key(dpk.toBytes(), input), k -> dpk.augmentedHash(input));
  }
}
