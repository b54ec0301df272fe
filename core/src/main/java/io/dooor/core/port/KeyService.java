package io.dooor.core.port;

import io.dooor.common.Bytes;

/**
 * The threshold vetKD key service (DESIGN §5). The canister id of the derivation is this
 * deployment's principal; implementations never return a vetKey in the clear.
 */
public interface KeyService {
  /** The derived public key (G2, 96 bytes compressed) for {@code context}. */
  Bytes derivedPublicKey(Bytes context) throws KeyServiceException;

  /**
   * The vetKey for ({@code context}, {@code input}) encrypted to {@code transportPublicKey} (G1, 48
   * bytes): 192 bytes c1||c2||c3, as ICP's vetkd_derive_key returns it.
   */
  Bytes deriveEncryptedKey(Bytes context, Bytes input, Bytes transportPublicKey)
      throws KeyServiceException;

  /** A key service that refuses every request with UNAVAILABLE (offline tools, tests of others). */
  static KeyService unavailable(String why) {
    return new KeyService() {
      @Override
      public Bytes derivedPublicKey(Bytes context) throws KeyServiceException {
        throw new KeyServiceException(KeyServiceException.Reason.UNAVAILABLE, why);
      }

      @Override
      public Bytes deriveEncryptedKey(Bytes context, Bytes input, Bytes transportPublicKey)
          throws KeyServiceException {
        throw new KeyServiceException(KeyServiceException.Reason.UNAVAILABLE, why);
      }
    };
  }
}
