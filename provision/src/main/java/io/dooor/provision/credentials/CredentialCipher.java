package io.dooor.provision.credentials;

import io.dooor.common.Bytes;
import io.dooor.common.SecretBytes;

/**
 * Seals and opens credential plaintext under the key derived for its {@link CredentialId} (context
 * {@value CredentialId#CONTEXT}) through the threshold vetKD service; the server implements it. The
 * plaintext exists only in memory, for the caller of {@link #open}.
 */
public interface CredentialCipher {
  Bytes seal(CredentialId id, String kind, SecretBytes plaintext) throws CredentialException;

  /**
   * @throws CredentialException TAMPERED if the ciphertext does not authenticate
   */
  SecretBytes open(CredentialId id, String kind, Bytes ciphertext) throws CredentialException;
}
