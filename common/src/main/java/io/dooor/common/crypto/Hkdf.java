package io.dooor.common.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF with HMAC-SHA256 (RFC 5869 §2.2 extract, §2.3 expand): the one implementation, checked
 * against every Wycheproof HKDF-SHA256 vector; vetKD, the data stream and the agent sealers use it.
 */
public final class Hkdf {
  private static final int HASH = 32;

  private Hkdf() {}

  /**
   * OKM of {@code length} bytes (at most 255 x 32) from IKM, salt (empty means 32 zero bytes) and
   * info.
   */
  public static byte[] sha256(byte[] ikm, byte[] salt, byte[] info, int length) {
    if (length < 0 || length > 255 * HASH) {
      throw new IllegalArgumentException("HKDF-SHA256 output of " + length + " bytes");
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(salt.length == 0 ? new byte[HASH] : salt, "HmacSHA256"));
      byte[] prk = mac.doFinal(ikm);
      mac.init(new SecretKeySpec(prk, "HmacSHA256"));
      byte[] okm = new byte[length];
      byte[] t = new byte[0];
      for (int i = 0, done = 0; done < length; i++) {
        mac.update(t);
        mac.update(info);
        mac.update((byte) (i + 1));
        t = mac.doFinal();
        int n = Math.min(HASH, length - done);
        System.arraycopy(t, 0, okm, done, n);
        done += n;
      }
      return okm;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
