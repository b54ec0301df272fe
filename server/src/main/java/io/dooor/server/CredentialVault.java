package io.dooor.server;

import io.dooor.common.Bytes;
import io.dooor.common.SecretBytes;
import io.dooor.core.port.KeyDerivationReport;
import io.dooor.core.port.KeyService;
import io.dooor.core.port.KeyServiceException;
import io.dooor.provision.credentials.CredentialCipher;
import io.dooor.provision.credentials.CredentialException;
import io.dooor.provision.credentials.CredentialException.Reason;
import io.dooor.provision.credentials.CredentialId;
import io.dooor.vetkd.DerivedKeyMaterial;
import io.dooor.vetkd.DerivedPublicKey;
import io.dooor.vetkd.EncryptedVetKey;
import io.dooor.vetkd.TransportSecretKey;
import io.dooor.vetkd.VetKdException;
import java.nio.charset.StandardCharsets;

/**
 * Provider credentials sealed under vetKD (issue 14). Each version's key is the vetKey for context
 * {@value CredentialId#CONTEXT} and input {@link CredentialId#vetKdInput()} (this deployment's
 * principal as canister id), derived through the t-of-n key-share holders for every seal and open:
 * a fresh transport key is generated here, the encrypted vetKey is decrypted and verified against
 * the derived public key (vetKD spec §4), and the message is AES-256-GCM in the "IC GCMv2" format
 * (spec §5, {@link DerivedKeyMaterial#encryptMessage}) with the id and kind as associated data. No
 * key is kept: the database holds only ciphertext, and without the holders it opens nothing.
 */
final class CredentialVault implements CredentialCipher {
  private static final String DOMAIN = "dooor/cloud-credentials aes-256-gcm v1";
  private static final Bytes CONTEXT =
      Bytes.of(CredentialId.CONTEXT.getBytes(StandardCharsets.UTF_8));

  private final KeyService keys;

  CredentialVault(KeyService keys) {
    this.keys = keys;
  }

  @Override
  public Bytes seal(CredentialId id, String kind, SecretBytes plaintext)
      throws CredentialException {
    return key(id).encryptMessage(Bytes.of(plaintext.toArray()), DOMAIN, id.associatedData(kind));
  }

  @Override
  public SecretBytes open(CredentialId id, String kind, Bytes ciphertext)
      throws CredentialException {
    DerivedKeyMaterial key = key(id);
    try {
      return SecretBytes.of(
          key.decryptMessage(ciphertext, DOMAIN, id.associatedData(kind)).toArray());
    } catch (VetKdException e) {
      throw new CredentialException(
          Reason.TAMPERED,
          "credential "
              + id.label()
              + " v"
              + id.version()
              + " does not authenticate under its key ("
              + e.getMessage()
              + "): altered or moved in the database, not used");
    }
  }

  private DerivedKeyMaterial key(CredentialId id) throws CredentialException {
    TransportSecretKey tsk = TransportSecretKey.generate();
    Bytes input = id.vetKdInput();
    try {
      KeyDerivationReport r =
          keys.derive(CONTEXT, input, keys.parseTransportKey(tsk.publicKey().toBytes()));
      return EncryptedVetKey.parse(r.encryptedKey())
          .decryptAndVerify(tsk, DerivedPublicKey.parse(r.derivedPublicKey()), input)
          .asDerivedKeyMaterial();
    } catch (KeyServiceException e) {
      throw new CredentialException(
          Reason.KEY_UNAVAILABLE, "no credential key from the key service: " + e.getMessage());
    } catch (VetKdException e) {
      throw new CredentialException(
          Reason.KEY_UNAVAILABLE, "the credential vetKey does not verify: " + e.getMessage());
    }
  }
}
