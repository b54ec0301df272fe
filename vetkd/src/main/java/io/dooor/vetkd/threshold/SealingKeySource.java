package io.dooor.vetkd.threshold;

import io.dooor.common.SecretBytes;
import io.dooor.vetkd.VetKdException;

/**
 * Where the 32-byte AES-256-GCM key that seals key shares at rest comes from. Development uses
 * {@link FileSealingKeySource} or {@link EnvSealingKeySource}; production plugs in a TEE sealing
 * key (e.g. derived from the enclave measurement) or a KMS-unwrapped key behind this interface.
 */
public interface SealingKeySource {
  /** The sealing key, exactly 32 bytes. */
  SecretBytes sealingKey() throws VetKdException;

  /** Names the source for logs (never the key). */
  String describe();
}
