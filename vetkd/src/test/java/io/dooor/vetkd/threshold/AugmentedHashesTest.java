package io.dooor.vetkd.threshold;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.common.Bytes;
import io.dooor.vetkd.DerivedPublicKey;
import io.dooor.vetkd.MasterPublicKey;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The shared memo returns exactly H_aug(DPK, input), for the right key, whatever is cached. */
class AugmentedHashesTest {
  @Test
  void memoisedHashEqualsTheHashForThatKeyAndInput() {
    MasterPublicKey mpk = MasterPublicKey.forMainnetKey("test_key_1").orElseThrow();
    DerivedPublicKey a = mpk.deriveCanisterKey(Bytes.fromHex("0000000000c0a0d00101"));
    DerivedPublicKey b = a.deriveSubKey(Bytes.of("ctx".getBytes(StandardCharsets.UTF_8)));
    Bytes input = Bytes.of("node-1".getBytes(StandardCharsets.UTF_8));
    Bytes large = Bytes.of(new byte[4096]);
    for (int round = 0; round < 2; round++) {
      assertThat(AugmentedHashes.of(a, input)).isEqualTo(a.augmentedHash(input));
      assertThat(AugmentedHashes.of(b, input)).isEqualTo(b.augmentedHash(input));
      assertThat(AugmentedHashes.of(a, large)).isEqualTo(a.augmentedHash(large));
    }
    assertThat(AugmentedHashes.of(a, input)).isNotEqualTo(AugmentedHashes.of(b, input));
    for (int i = 0; i < 600; i++) { // past the capacity: cleared, still correct
      AugmentedHashes.of(a, Bytes.of(new byte[] {(byte) i, (byte) (i >> 8)}));
    }
    assertThat(AugmentedHashes.of(b, input)).isEqualTo(b.augmentedHash(input));
  }
}
