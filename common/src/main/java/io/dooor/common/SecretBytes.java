package io.dooor.common;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Secret key material (private keys and seeds, vetKeys, transport secret keys, derived symmetric
 * keys). Never printed, compared in constant time; callers take a copy with {@link #toArray()} only
 * where a cipher API demands raw bytes.
 */
public final class SecretBytes {
  private final byte[] value;

  private SecretBytes(byte[] value) {
    this.value = value;
  }

  /** Copies {@code value}. */
  public static SecretBytes of(byte[] value) {
    return new SecretBytes(value.clone());
  }

  public byte[] toArray() {
    return value.clone();
  }

  public int length() {
    return value.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SecretBytes s && MessageDigest.isEqual(value, s.value);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(new byte[] {(byte) value.length});
  }

  @Override
  public String toString() {
    return "SecretBytes[" + value.length + " bytes, redacted]";
  }
}
