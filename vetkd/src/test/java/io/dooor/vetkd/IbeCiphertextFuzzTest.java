package io.dooor.vetkd;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dooor.common.Bytes;

class IbeCiphertextFuzzTest {
  private static final VetKey KEY = vetKey();
  private static final byte[] VALID =
      IbeCiphertext.encrypt(
              ClientApiTest.dpk(),
              ClientApiTest.utf8("input"),
              Bytes.of(new byte[40]),
              IbeSeed.random())
          .toBytes()
          .toArray();

  private static VetKey vetKey() {
    TransportSecretKey tsk = TransportSecretKey.generate();
    try {
      return ClientApiTest.issue(tsk.publicKey())
          .decryptAndVerify(tsk, ClientApiTest.dpk(), ClientApiTest.utf8("input"));
    } catch (VetKdException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Arbitrary or corrupted IBE ciphertexts (and VRF outputs) decrypt or fail with VetKdException.
   */
  @FuzzTest(maxDuration = "10s")
  void decryptsOrRefuses(byte[] data) {
    for (byte[] b : new byte[][] {data, FuzzSupport.corrupt(VALID, data)}) {
      try {
        IbeCiphertext.parse(Bytes.of(b)).decrypt(KEY);
      } catch (VetKdException expected) {
        // the only allowed failure
      }
      try {
        VrfOutput.parse(Bytes.of(b));
      } catch (VetKdException expected) {
        // the only allowed failure
      }
    }
  }
}
