package io.dooor.core;

import io.dooor.common.Bytes;
import io.dooor.core.port.TransportKey;

/**
 * The key operations of the facade (DESIGN §5): derive_node_key, vetkd_derive_key and the record of
 * derivation requests refused before they reached {@link KeyDerivation}.
 */
final class Derivations {
  private final Recorder recorder;
  private final KeyDerivation derivations;

  Derivations(Recorder recorder, KeyDerivation derivations) {
    this.recorder = recorder;
    this.derivations = derivations;
  }

  DerivedNodeKey deriveNodeKey(Caller caller, NodeId id, String context, TransportKey transportKey)
      throws ControlPlaneException {
    DerivedKey key = derivations.deriveForNode(caller, id, context, transportKey);
    return new DerivedNodeKey(
        key.context(), key.input(), key.encryptedKey(), key.derivedPublicKey());
  }

  DerivedKey deriveKey(Caller caller, String context, Bytes input, TransportKey transportKey)
      throws ControlPlaneException {
    return derivations.derive(caller, context, input, transportKey);
  }
}
