package io.dooor.agent.seal;

import io.dooor.common.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * HKDF-SHA256 (RFC 5869) with an empty salt, for one 32-byte AES key: a raw device or file key is
 * never used directly, but as input keying material under a label naming its use.
 */
final class Hkdf {
  private Hkdf() {}

  /** HKDF-Expand(HKDF-Extract(zeros, ikm), UTF-8(info), 32) (RFC 5869 §2.2, §2.3). */
  static SecretBytes aesKey(SecretBytes ikm, String info) {
    byte[] raw = ikm.toArray();
    byte[] okm =
        io.dooor.common.crypto.Hkdf.sha256(
            raw, new byte[0], info.getBytes(StandardCharsets.UTF_8), 32);
    Arrays.fill(raw, (byte) 0);
    SecretBytes key = SecretBytes.of(okm);
    Arrays.fill(okm, (byte) 0);
    return key;
  }
}
