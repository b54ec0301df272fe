package io.dooor.core;

import io.dooor.common.Bytes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The binding of evidence to a challenge and a node key (DESIGN §3): report_data[0..64] =
 * SHA-512(nonce || SHA-256(node public key DER)).
 */
public final class ReportDataBinding {
  private ReportDataBinding() {}

  /** The 64 report-data bytes a TEE must sign to answer {@code nonce} for {@code nodeKeyDer}. */
  public static Bytes expected(Bytes nonce, Bytes nodeKeyDer) {
    try {
      byte[] keyHash = MessageDigest.getInstance("SHA-256").digest(nodeKeyDer.toArray());
      MessageDigest sha512 = MessageDigest.getInstance("SHA-512");
      sha512.update(nonce.toArray());
      sha512.update(keyHash);
      return Bytes.of(sha512.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-2 unavailable", e);
    }
  }
}
