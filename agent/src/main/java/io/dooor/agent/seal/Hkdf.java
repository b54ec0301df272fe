package io.dooor.agent.seal;

import io.dooor.common.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF-SHA256 (RFC 5869) with an empty salt, for one 32-byte AES key: a raw device or file key is
 * never used directly, but as input keying material under a label naming its use.
 */
final class Hkdf {
  private static final String HMAC = "HmacSHA256";

  private Hkdf() {}

  /** HKDF-Expand(HKDF-Extract(zeros, ikm), UTF-8(info), 32) (RFC 5869 §2.2, §2.3). */
  static SecretBytes aesKey(SecretBytes ikm, String info) {
    try {
      Mac extract = Mac.getInstance(HMAC);
      extract.init(new SecretKeySpec(new byte[32], HMAC));
      byte[] prk = extract.doFinal(ikm.toArray());
      Mac expand = Mac.getInstance(HMAC);
      expand.init(new SecretKeySpec(prk, HMAC));
      expand.update(info.getBytes(StandardCharsets.UTF_8));
      expand.update((byte) 1);
      byte[] okm = expand.doFinal();
      Arrays.fill(prk, (byte) 0);
      SecretBytes key = SecretBytes.of(okm);
      Arrays.fill(okm, (byte) 0);
      return key;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 unavailable", e);
    }
  }
}
