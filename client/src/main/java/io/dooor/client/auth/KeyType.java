package io.dooor.client.auth;

import java.util.Locale;
import java.util.Optional;

/**
 * The key types a caller may hold (DESIGN §2), each with its RFC 9421 {@code alg} name. Ed25519 and
 * ECDSA P-256 use the names registered by RFC 9421 §6.2.2; secp256k1 has no registered name and
 * uses {@code ecdsa-secp256k1-sha256}, built the same way as {@code ecdsa-p256-sha256} (§3.3.4:
 * SHA-256, signature r || s of 64 bytes), with low-S required.
 */
public enum KeyType {
  /** Ed25519 (RFC 8032), the default. */
  ED25519("ed25519"),
  /** ECDSA on NIST P-256 with SHA-256. */
  ECDSA_P256("ecdsa-p256-sha256"),
  /** ECDSA on secp256k1 with SHA-256. */
  SECP256K1("ecdsa-secp256k1-sha256");

  /** Every supported type signs with 64 bytes: Ed25519's R || S, ECDSA's r || s. */
  public static final int SIGNATURE_LENGTH = 64;

  private final String alg;

  KeyType(String alg) {
    this.alg = alg;
  }

  /** The RFC 9421 {@code alg} parameter value for signatures by this key type. */
  public String alg() {
    return alg;
  }

  /** The key type of an RFC 9421 {@code alg} value, if it is one of ours. */
  public static Optional<KeyType> fromAlg(String alg) {
    for (KeyType t : values()) {
      if (t.alg.equals(alg)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /**
   * Parses a user-facing name: {@code ed25519}, {@code p256} / {@code ecdsa-p256}, {@code
   * secp256k1}.
   */
  public static KeyType fromName(String name) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "ed25519":
        return ED25519;
      case "p256":
      case "p-256":
      case "ecdsa-p256":
      case "ecdsa_p256":
        return ECDSA_P256;
      case "secp256k1":
      case "k256":
        return SECP256K1;
      default:
        throw new IllegalArgumentException(
            "unknown key type '" + name + "' (expected ed25519, p256 or secp256k1)");
    }
  }
}
