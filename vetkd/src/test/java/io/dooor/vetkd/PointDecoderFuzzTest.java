package io.dooor.vetkd;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dooor.common.Bytes;
import io.dooor.vetkd.internal.G1Point;
import io.dooor.vetkd.internal.G2Point;

class PointDecoderFuzzTest {
  private static final byte[] G1 = G1Point.generator().toBytes();
  private static final byte[] G2 = G2Point.generator().toBytes();

  /** Arbitrary or corrupted point encodings yield a key or a VetKdException, nothing else. */
  @FuzzTest(maxDuration = "10s")
  void decodesOrRefuses(byte[] data) {
    for (byte[] b :
        new byte[][] {data, FuzzSupport.corrupt(G1, data), FuzzSupport.corrupt(G2, data)}) {
      Bytes in = Bytes.of(b);
      try {
        TransportPublicKey.parse(in);
      } catch (VetKdException expected) {
        // the only allowed failure
      }
      try {
        DerivedPublicKey.parse(in);
      } catch (VetKdException expected) {
        // the only allowed failure
      }
      try {
        MasterPublicKey.parse(in);
      } catch (VetKdException expected) {
        // the only allowed failure
      }
      try {
        VetKey.fromBytes(in);
      } catch (VetKdException expected) {
        // the only allowed failure
      }
      try {
        TransportSecretKey.fromBytes(in);
      } catch (VetKdException expected) {
        // the only allowed failure
      }
    }
  }
}
