package io.dooor.vetkd.internal;

import java.nio.charset.StandardCharsets;

/**
 * HKDF-SHA256 (RFC 5869) with an absent salt, i.e. HashLen zero bytes (spec §5
 * derive_symmetric_key), through the one implementation in {@link io.dooor.common.crypto.Hkdf}.
 */
public final class Hkdf {
  private static final byte[] NO_SALT = new byte[0];

  private Hkdf() {}

  /** HKDF-SHA256(salt = none, ikm, info, len); len at most 255 * 32. */
  public static byte[] derive(byte[] ikm, byte[] info, int len) {
    return io.dooor.common.crypto.Hkdf.sha256(ikm, NO_SALT, info, len);
  }

  public static byte[] derive(byte[] ikm, String info, int len) {
    return derive(ikm, info.getBytes(StandardCharsets.UTF_8), len);
  }
}
