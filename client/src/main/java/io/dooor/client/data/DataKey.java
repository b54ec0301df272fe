package io.dooor.client.data;

import io.dooor.common.SecretBytes;
import java.security.SecureRandom;

/**
 * A blob's 256-bit data key: it encrypts the blob's chunks (through HKDF, see {@link ChunkedAead})
 * and is itself wrapped by IBE to the blob's identity. Never printed; compared in constant time.
 */
public final class DataKey {
  public static final int BYTES = 32;
  private final SecretBytes secret;

  private DataKey(SecretBytes secret) {
    this.secret = secret;
  }

  /** A fresh key from a SecureRandom. */
  public static DataKey generate() {
    byte[] b = new byte[BYTES];
    new SecureRandom().nextBytes(b);
    DataKey key = new DataKey(SecretBytes.of(b));
    java.util.Arrays.fill(b, (byte) 0);
    return key;
  }

  /**
   * The key of the given bytes (an unwrapped data key).
   *
   * @throws IllegalArgumentException unless 32 bytes
   */
  public static DataKey of(SecretBytes secret) {
    if (secret.length() != BYTES) {
      throw new IllegalArgumentException("a data key is " + BYTES + " bytes");
    }
    return new DataKey(secret);
  }

  /** The key bytes, for wrapping. */
  public SecretBytes secret() {
    return secret;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DataKey k && secret.equals(k.secret);
  }

  @Override
  public int hashCode() {
    return secret.hashCode();
  }

  @Override
  public String toString() {
    return "DataKey[redacted]";
  }
}
