package io.dooor.core;

import io.dooor.common.Bytes;

/**
 * A node's TEE-born identity key as a DER SubjectPublicKeyInfo (RFC 5280 §4.1.2.7). Requests reach
 * the control plane only after the edge parsed the key with the one key parser (client {@code
 * PublicKeys.parseSpki}: Ed25519, ECDSA P-256 or secp256k1, canonical DER, point on the curve);
 * this type keeps what core itself can check: one DER SEQUENCE whose definite length covers exactly
 * the bytes given, at most {@value #MAX_LENGTH} bytes.
 *
 * @param spki the DER SubjectPublicKeyInfo
 */
public record NodeKey(Bytes spki) {
  /** Longest accepted encoding; the supported keys have 44 (Ed25519) to 91 (P-256) bytes. */
  public static final int MAX_LENGTH = 1024;

  private static final int SEQUENCE = 0x30;

  public NodeKey {
    if (spki.isEmpty() || spki.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "node key must be 1-" + MAX_LENGTH + " bytes of DER, got " + spki.length());
    }
    if ((spki.at(0) & 0xff) != SEQUENCE || contentEnd(spki) != spki.length()) {
      throw new IllegalArgumentException(
          "node key is not one DER SEQUENCE (a SubjectPublicKeyInfo)");
    }
  }

  /** The self-authenticating principal of this key: SHA-224(spki) || 0x02. */
  public Principal principal() {
    return Principal.selfAuthenticating(spki.toArray());
  }

  /** Where the outer element ends, by its DER length (X.690 §8.1.3), or -1 if malformed. */
  private static int contentEnd(Bytes der) {
    if (der.length() < 2) {
      return -1;
    }
    int first = der.at(1) & 0xff;
    if (first < 0x80) {
      return 2 + first;
    }
    int count = first & 0x7f;
    if (count == 0 || count > 2 || der.length() < 2 + count) {
      return -1;
    }
    int length = 0;
    for (int i = 0; i < count; i++) {
      length = (length << 8) | (der.at(2 + i) & 0xff);
    }
    boolean minimal = length >= 0x80 && (count == 1 || length > 0xff);
    return minimal ? 2 + count + length : -1;
  }

  @Override
  public String toString() {
    return "NodeKey[" + principal().toText() + "]";
  }
}
