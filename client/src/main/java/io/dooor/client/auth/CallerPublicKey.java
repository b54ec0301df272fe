package io.dooor.client.auth;

import io.dooor.client.auth.internal.SignatureCheck;
import io.dooor.common.Bytes;
import io.dooor.core.Principal;

/**
 * A caller's validated public key: its type, its DER SubjectPublicKeyInfo and the
 * self-authenticating principal derived from it (DESIGN §2). Obtained from {@link
 * PublicKeys#parseSpki} or {@link Identity#publicKey()}; immutable and thread-safe.
 */
public final class CallerPublicKey {
  private final KeyType type;
  private final Bytes spki;
  private final Principal principal;
  private final SignatureCheck check;

  CallerPublicKey(KeyType type, byte[] spki, SignatureCheck check) {
    this.type = type;
    this.spki = Bytes.of(spki);
    this.principal = Principal.selfAuthenticating(spki);
    this.check = check;
  }

  public KeyType type() {
    return type;
  }

  /** The DER SubjectPublicKeyInfo. */
  public Bytes spki() {
    return spki;
  }

  /** SHA-224(spki) || 0x02. */
  public Principal principal() {
    return principal;
  }

  /**
   * Verifies a signature of {@code message} in this key type's RFC 9421 form (§3.3.4, §3.3.6).
   *
   * @throws AuthException SIGNATURE_INVALID if it does not verify
   */
  public void verify(Bytes message, Bytes signature) throws AuthException {
    if (!isValid(message.toArray(), signature.toArray())) {
      throw new AuthException(
          AuthException.Reason.SIGNATURE_INVALID,
          type.alg() + " signature does not verify under the key of " + principal.toText());
    }
  }

  boolean isValid(byte[] message, byte[] signature) {
    return check.isValid(message, signature);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CallerPublicKey k && spki.equals(k.spki);
  }

  @Override
  public int hashCode() {
    return spki.hashCode();
  }

  @Override
  public String toString() {
    return type.alg() + " key of " + principal.toText();
  }
}
