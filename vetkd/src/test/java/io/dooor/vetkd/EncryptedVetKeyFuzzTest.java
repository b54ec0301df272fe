package io.dooor.vetkd;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dooor.common.Bytes;

class EncryptedVetKeyFuzzTest {
  private static final TransportSecretKey TSK = TransportSecretKey.generate();
  private static final byte[] VALID = ClientApiTest.issue(TSK.publicKey()).toBytes().toArray();

  /** Arbitrary or corrupted encrypted keys parse and decrypt, or fail with a VetKdException. */
  @FuzzTest(maxDuration = "10s")
  void decryptsOrRefuses(byte[] data) {
    for (byte[] b : new byte[][] {data, FuzzSupport.corrupt(VALID, data)}) {
      try {
        EncryptedVetKey.parse(Bytes.of(b))
            .decryptAndVerify(TSK, ClientApiTest.dpk(), ClientApiTest.utf8("input"));
      } catch (VetKdException expected) {
        // the only allowed failure
      }
    }
  }
}
