package io.dooor.vetkd.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF-SHA256 (RFC 5869) with an absent salt, i.e. HashLen zero bytes (spec §5
 * derive_symmetric_key).
 */
public final class Hkdf {
  private static final int HASH_LEN = 32;

  private Hkdf() {}

  /** HKDF-SHA256(salt = none, ikm, info, len); len at most 255 * 32. */
  public static byte[] derive(byte[] ikm, byte[] info, int len) {
    if (len < 0 || len > 255 * HASH_LEN) {
      throw new IllegalArgumentException("HKDF output length out of range: " + len);
    }
    byte[] prk = hmac(new byte[HASH_LEN], ikm);
    byte[] out = new byte[len];
    byte[] t = new byte[0];
    for (int i = 1, off = 0; off < len; i++) {
      byte[] block = new byte[t.length + info.length + 1];
      System.arraycopy(t, 0, block, 0, t.length);
      System.arraycopy(info, 0, block, t.length, info.length);
      block[block.length - 1] = (byte) i;
      t = hmac(prk, block);
      int n = Math.min(HASH_LEN, len - off);
      System.arraycopy(t, 0, out, off, n);
      off += n;
    }
    return out;
  }

  public static byte[] derive(byte[] ikm, String info, int len) {
    return derive(ikm, info.getBytes(StandardCharsets.UTF_8), len);
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
