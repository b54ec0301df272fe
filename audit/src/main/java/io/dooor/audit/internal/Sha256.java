package io.dooor.audit.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** RFC 9162 §2.1.1 hashing: SHA-256 with 0x00 leaf and 0x01 interior-node prefixes. */
public final class Sha256 {
  /** Length of every hash in the tree. */
  public static final int LENGTH = 32;

  private static final ThreadLocal<MessageDigest> DIGEST =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("SHA-256 unavailable", e);
            }
          });

  private Sha256() {}

  /** SHA-256 of the empty string: MTH({}) (RFC 9162 §2.1.1). */
  public static byte[] emptyRoot() {
    return digest(new byte[0]);
  }

  public static byte[] digest(byte[] data) {
    return DIGEST.get().digest(data);
  }

  /** MTH({d}) = SHA-256(0x00 || d). */
  public static byte[] leaf(byte[] data) {
    MessageDigest md = DIGEST.get();
    md.update((byte) 0);
    md.update(data);
    return md.digest();
  }

  /** SHA-256(0x01 || left || right). */
  public static byte[] node(byte[] left, byte[] right) {
    MessageDigest md = DIGEST.get();
    md.update((byte) 1);
    md.update(left);
    md.update(right);
    return md.digest();
  }

  /** SHA-256(0x01 || a[ao..ao+32] || b[bo..bo+32]), for hashes packed in arrays. */
  public static void node(byte[] a, int ao, byte[] b, int bo, byte[] out, int oo) {
    MessageDigest md = DIGEST.get();
    md.update((byte) 1);
    md.update(a, ao, LENGTH);
    md.update(b, bo, LENGTH);
    try {
      md.digest(out, oo, LENGTH);
    } catch (java.security.DigestException e) {
      throw new IllegalStateException(e);
    }
  }
}
