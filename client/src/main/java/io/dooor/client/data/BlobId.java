package io.dooor.client.data;

import io.dooor.common.Bytes;
import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * A blob's identity: 16 random bytes, written as 32 lower-case hex digits. It is bound into every
 * chunk of the blob's ciphertext and every shard header, and is the IBE identity its data key is
 * wrapped to.
 */
public record BlobId(Bytes value) {
  public static final int BYTES = 16;
  private static final Pattern TEXT = Pattern.compile("[0-9a-f]{32}");

  public BlobId {
    if (value.length() != BYTES) {
      throw new IllegalArgumentException("a blob id is " + BYTES + " bytes, got " + value.length());
    }
  }

  /** A fresh id from a SecureRandom. */
  public static BlobId random() {
    byte[] b = new byte[BYTES];
    new SecureRandom().nextBytes(b);
    return new BlobId(Bytes.of(b));
  }

  /**
   * Parses the text form.
   *
   * @throws IllegalArgumentException unless it is exactly 32 lower-case hex digits
   */
  public static BlobId parse(String text) {
    if (!TEXT.matcher(text).matches()) {
      throw new IllegalArgumentException("a blob id is 32 lower-case hex digits");
    }
    return new BlobId(Bytes.fromHex(text));
  }

  @Override
  public String toString() {
    return value.hex();
  }
}
