package io.dooor.agent.seal;

import io.dooor.common.Bytes;
import java.io.IOException;

/**
 * Seals a secret (the node's identity private key) so that it leaves the TEE only encrypted, and
 * opens it again only in the same TEE configuration: {@link SimSealer} (a development key file),
 * {@link SnpSealer} (a key the SNP firmware derives for the guest's measurement) and {@link
 * VetKdSealer} (a vetKey the control plane releases only to a node attesting to the same
 * measurements). Sealed blobs share one versioned, authenticated format ({@link SealedBox}).
 */
public interface Sealer {
  /** "sim", "snp" or "vetkd": also recorded in the blob, which only the same kind opens. */
  String name();

  /**
   * The sealed form of {@code secret}.
   *
   * @throws IOException when the key's source (key file, device, control plane) cannot be reached
   * @throws SealingException when the key's source refuses or answers something unusable
   */
  Bytes seal(Bytes secret) throws IOException, SealingException;

  /**
   * The secret in {@code sealed}. Fails with {@link SealingException} (never returns wrong bytes)
   * under a different measurement or key, or when the blob was altered.
   *
   * @throws IOException when the key's source cannot be reached (worth retrying)
   */
  Bytes unseal(Bytes sealed) throws IOException, SealingException;
}
