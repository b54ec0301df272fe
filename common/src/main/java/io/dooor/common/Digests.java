package io.dooor.common;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 helpers for records (never for secrets). */
public final class Digests {
  private Digests() {}

  public static Bytes sha256(byte[] data) {
    try {
      return Bytes.of(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  public static String sha256Hex(Bytes data) {
    return sha256(data.toArray()).hex();
  }
}
