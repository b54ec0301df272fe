package io.dooor.server;

import io.dooor.core.port.KeyService;
import io.dooor.core.port.KeyServiceException;

/** Key services a deployment can run with. */
final class KeyServices {
  private KeyServices() {}

  /** Placeholder until the threshold vetKD service is wired: refuses every derivation. */
  static KeyService embedded(DeploymentConfig config) {
    return new KeyService() {
      @Override
      public io.dooor.core.Bytes derivedPublicKey(io.dooor.core.Bytes context)
          throws KeyServiceException {
        throw new KeyServiceException(
            KeyServiceException.Reason.UNAVAILABLE, "no key service configured");
      }

      @Override
      public io.dooor.core.Bytes deriveEncryptedKey(
          io.dooor.core.Bytes context, io.dooor.core.Bytes input, io.dooor.core.Bytes tpk)
          throws KeyServiceException {
        throw new KeyServiceException(
            KeyServiceException.Reason.UNAVAILABLE, "no key service configured");
      }
    };
  }
}
