package io.dooor.core;

import io.dooor.common.Bytes;

/**
 * The authenticated origin of a request: its principal (from a verified request signature), the
 * caller's public key (DER SubjectPublicKeyInfo), and the digest of the request for the record.
 */
public record Caller(Principal principal, Bytes publicKey, Bytes requestDigest) {
  /** The control plane acting on its own (sweeps, startup). */
  public static Caller system() {
    return new Caller(Principal.managementCanister(), Bytes.empty(), Bytes.empty());
  }
}
