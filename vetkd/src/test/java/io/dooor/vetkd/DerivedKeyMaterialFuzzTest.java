package io.dooor.vetkd;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dooor.common.Bytes;
import io.dooor.vetkd.internal.G1Point;

class DerivedKeyMaterialFuzzTest {
  private static final DerivedKeyMaterial DKM = dkm();
  private static final byte[] VALID =
      DKM.encryptMessage(Bytes.of(new byte[20]), "ds", Bytes.empty()).toArray();

  private static DerivedKeyMaterial dkm() {
    try {
      return VetKey.fromBytes(Bytes.of(G1Point.generator().toBytes())).asDerivedKeyMaterial();
    } catch (VetKdException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Arbitrary or corrupted AES-GCM messages (v2 and legacy) decrypt or fail with VetKdException.
   */
  @FuzzTest(maxDuration = "10s")
  void decryptsOrRefuses(byte[] data) {
    for (byte[] b : new byte[][] {data, FuzzSupport.corrupt(VALID, data)}) {
      for (Bytes aad : new Bytes[] {Bytes.empty(), Bytes.of(new byte[] {1})}) {
        try {
          DKM.decryptMessage(Bytes.of(b), "ds", aad);
        } catch (VetKdException expected) {
          // the only allowed failure
        }
      }
    }
  }
}
