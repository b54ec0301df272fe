package io.dooor.vetkd.threshold;

import io.dooor.vetkd.VetKdException;

/**
 * A key-share holder: answers derivation requests with an encrypted key share. Implemented
 * in-process by {@link LocalKeyShareHolder}; a remote holder is an HTTP client that sends {@link
 * DeriveShareRequest#toBytes()} and parses {@link EncryptedKeyShare#parse}.
 */
public interface KeyShareHolder {
  /** This holder's Shamir index, 1..n. */
  int index();

  /** The encrypted key share for the request; the combiner verifies it. */
  EncryptedKeyShare deriveShare(DeriveShareRequest request) throws VetKdException;
}
