package io.dooor.core.port;

import io.dooor.common.Bytes;

/**
 * The threshold vetKD key service (DESIGN §5). The canister id of the derivation is this
 * deployment's principal; implementations never return a vetKey in the clear. A transport key is
 * decoded once, at the edge ({@link #parseTransportKey}); derivations take the decoded handle.
 */
public interface KeyService {
  /**
   * Decodes a transport public key (G1, 48 bytes compressed: on the curve, in the subgroup).
   *
   * @throws KeyServiceException INVALID_INPUT if it does not decode, or is the identity (an
   *     "unencrypted" vetKey, which the control plane never handles)
   */
  TransportKey parseTransportKey(Bytes encoded) throws KeyServiceException;

  /** The derived public key (G2, 96 bytes compressed) for {@code context}. */
  Bytes derivedPublicKey(Bytes context) throws KeyServiceException;

  /**
   * The vetKey for ({@code context}, {@code input}) encrypted to {@code transportKey}, a key this
   * service parsed, with the derived public key and the holders combined and excluded.
   */
  KeyDerivationReport derive(Bytes context, Bytes input, TransportKey transportKey)
      throws KeyServiceException;

  /** A key service that refuses every request with UNAVAILABLE (offline tools, tests of others). */
  static KeyService unavailable(String why) {
    return new KeyService() {
      @Override
      public TransportKey parseTransportKey(Bytes encoded) throws KeyServiceException {
        throw new KeyServiceException(KeyServiceException.Reason.UNAVAILABLE, why);
      }

      @Override
      public Bytes derivedPublicKey(Bytes context) throws KeyServiceException {
        throw new KeyServiceException(KeyServiceException.Reason.UNAVAILABLE, why);
      }

      @Override
      public KeyDerivationReport derive(Bytes context, Bytes input, TransportKey transportKey)
          throws KeyServiceException {
        throw new KeyServiceException(KeyServiceException.Reason.UNAVAILABLE, why);
      }
    };
  }
}
