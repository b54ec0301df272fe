package io.dooor.core;

import io.dooor.common.Bytes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The binding of evidence to a challenge and a node key (DESIGN §3): report_data[0..64] =
 * SHA-512(nonce || SHA-256(node public key DER)). The initial report of register_tee_node binds the
 * key alone: its nonce is {@link #INITIAL_NONCE_LENGTH} zero bytes ({@link #initial}).
 */
public final class ReportDataBinding {
  /** The initial report's nonce is this many zero bytes (the length of a challenge nonce). */
  public static final int INITIAL_NONCE_LENGTH = 32;

  private ReportDataBinding() {}

  /**
   * The 64 report-data bytes of a node's initial report (register_tee_node): SHA-512(32 zero bytes
   * || SHA-256(node key DER)). It proves the TEE that signed the report holds the registered key.
   */
  public static Bytes initial(Bytes nodeKeyDer) {
    return expected(Bytes.of(new byte[INITIAL_NONCE_LENGTH]), nodeKeyDer);
  }

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
