package io.dooor.vetkd.threshold;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dooor.common.Bytes;
import io.dooor.vetkd.TransportSecretKey;
import io.dooor.vetkd.VetKdException;
import java.security.SecureRandom;
import java.util.Map;

class ThresholdWireFuzzTest {
  private static final SecureRandom RNG = new SecureRandom();
  private static final ThresholdKeyGenerator.Generated KEYS = keys();
  private static final KeyShareSealer SEALER =
      new KeyShareSealer(
          new EnvSealingKeySource("K", Map.of("K", Bytes.of(new byte[32]).hex())), RNG);
  private static final byte[] REQUEST = request().toBytes().toArray();
  private static final byte[] SHARE =
      new LocalKeyShareHolder(KEYS.shares().get(0), RNG).deriveShare(request()).toBytes().toArray();
  private static final byte[] PUBLIC_KEY = KEYS.publicKey().toBytes().toArray();
  private static final byte[] SEALED = sealed();

  private static ThresholdKeyGenerator.Generated keys() {
    try {
      return new ThresholdKeyGenerator(RNG).generate(2, 3);
    } catch (VetKdException e) {
      throw new IllegalStateException(e);
    }
  }

  private static DeriveShareRequest request() {
    return new DeriveShareRequest(
        Bytes.of(new byte[10]),
        Bytes.of(new byte[3]),
        Bytes.of(new byte[5]),
        TransportSecretKey.generate().publicKey());
  }

  private static byte[] sealed() {
    try {
      return SEALER.seal(KEYS.shares().get(1)).toArray();
    } catch (VetKdException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Holder requests, responses, public keys and sealed shares parse or fail with VetKdException.
   */
  @FuzzTest(maxDuration = "10s")
  void parsesOrRefuses(byte[] data) {
    for (byte[] valid : new byte[][] {REQUEST, SHARE, PUBLIC_KEY, SEALED}) {
      for (byte[] b : new byte[][] {data, FuzzSupport.corrupt(valid, data)}) {
        parseAll(Bytes.of(b));
      }
    }
  }

  private static void parseAll(Bytes in) {
    try {
      DeriveShareRequest.parse(in);
    } catch (VetKdException expected) {
      // the only allowed failure
    }
    try {
      EncryptedKeyShare.parse(in);
    } catch (VetKdException expected) {
      // the only allowed failure
    }
    try {
      ThresholdPublicKey.parse(in);
    } catch (VetKdException expected) {
      // the only allowed failure
    }
    try {
      SEALER.unseal(in);
    } catch (VetKdException expected) {
      // the only allowed failure
    }
  }
}
