package io.dooor.vetkd.threshold;

import io.dooor.core.Bytes;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdException.Reason;
import io.dooor.vetkd.internal.Hkdf;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A new holder's X25519 key pair for receiving its sub-shares in a distributed resharing ({@code
 * dooor keyshare reshare-keygen}), and the encryption of one sub-share to such a key: an ephemeral
 * X25519 key, HKDF-SHA256 over the shared secret and both public keys into an AES-256-GCM key and
 * nonce (each key encrypts once), the dealing's context as associated data. Public keys travel as
 * the 32-byte RFC 7748 u-coordinate (little-endian).
 */
public final class ReshareRecipientKey {
  /** Length of a raw X25519 public key. */
  public static final int PUBLIC_KEY_BYTES = 32;

  /** Length of an encrypted sub-share: ephemeral public key, 32-byte scalar, 16-byte tag. */
  public static final int SEALED_BYTES = PUBLIC_KEY_BYTES + 32 + 16;

  private static final String INFO = "dooor/vetkd/reshare-subshare/v1";
  private static final NamedParameterSpec CURVE = NamedParameterSpec.X25519;

  private final PrivateKey privateKey;
  private final Bytes publicKey;

  private ReshareRecipientKey(PrivateKey privateKey, Bytes publicKey) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
  }

  /** A fresh key pair. */
  public static ReshareRecipientKey generate(SecureRandom rng) {
    KeyPair kp = keyPair(rng);
    return new ReshareRecipientKey(kp.getPrivate(), raw(kp.getPublic()));
  }

  /** The private key as PKCS#8 DER, for the holder's key file. */
  public Bytes privateKeyPkcs8() {
    return Bytes.of(privateKey.getEncoded());
  }

  /** Reads a key file written by {@link #privateKeyPkcs8()}. */
  public static ReshareRecipientKey parsePkcs8(Bytes der) throws VetKdException {
    try {
      KeyFactory kf = KeyFactory.getInstance("XDH");
      PrivateKey sk = kf.generatePrivate(new PKCS8EncodedKeySpec(der.toArray()));
      if (!(sk instanceof java.security.interfaces.XECPrivateKey x)
          || !(x.getParams() instanceof NamedParameterSpec n)
          || !n.getName().equals(CURVE.getName())) {
        throw new VetKdException(Reason.INVALID_ENCODING, "not an X25519 private key");
      }
      // the public key: the shared secret with the base point u = 9
      KeyAgreement ka = KeyAgreement.getInstance("XDH");
      ka.init(sk);
      ka.doPhase(publicKey(Bytes.of(basePoint())), true);
      return new ReshareRecipientKey(sk, Bytes.of(ka.generateSecret()));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new VetKdException(
          Reason.INVALID_ENCODING, "not a PKCS#8 X25519 private key: " + e.getMessage(), e);
    }
  }

  private static byte[] basePoint() {
    byte[] u = new byte[PUBLIC_KEY_BYTES];
    u[0] = 9;
    return u;
  }

  /** The raw 32-byte public key. */
  public Bytes publicKey() {
    return publicKey;
  }

  /** Checks a raw public key's length (any 32 bytes is a u-coordinate; low order fails later). */
  public static Bytes checkPublicKey(Bytes raw) throws VetKdException {
    if (raw.length() != PUBLIC_KEY_BYTES) {
      throw new VetKdException(
          Reason.INVALID_ENCODING,
          "an X25519 public key is " + PUBLIC_KEY_BYTES + " bytes, got " + raw.length());
    }
    return raw;
  }

  /**
   * Encrypts {@code plaintext} (32 bytes) to {@code recipient} with associated data {@code aad}.
   */
  static byte[] seal(Bytes recipient, byte[] plaintext, byte[] aad, SecureRandom rng)
      throws VetKdException {
    KeyPair eph = keyPair(rng);
    Bytes ephPub = raw(eph.getPublic());
    byte[] shared = agree(eph.getPrivate(), recipient);
    byte[] ct = gcm(Cipher.ENCRYPT_MODE, shared, ephPub, recipient, aad, plaintext);
    byte[] out = Arrays.copyOf(ephPub.toArray(), PUBLIC_KEY_BYTES + ct.length);
    System.arraycopy(ct, 0, out, PUBLIC_KEY_BYTES, ct.length);
    return out;
  }

  /** Decrypts what {@link #seal} made for this key, with the same associated data. */
  byte[] open(byte[] sealed, byte[] aad) throws VetKdException {
    if (sealed.length != SEALED_BYTES) {
      throw new VetKdException(Reason.INVALID_ENCODING, "encrypted sub-share has the wrong length");
    }
    Bytes ephPub = Bytes.of(Arrays.copyOf(sealed, PUBLIC_KEY_BYTES));
    byte[] shared = agree(privateKey, ephPub);
    byte[] ct = Arrays.copyOfRange(sealed, PUBLIC_KEY_BYTES, sealed.length);
    return gcm(Cipher.DECRYPT_MODE, shared, ephPub, publicKey, aad, ct);
  }

  private static byte[] gcm(
      int mode, byte[] shared, Bytes ephPub, Bytes recipient, byte[] aad, byte[] in)
      throws VetKdException {
    byte[] ikm = new byte[shared.length + 2 * PUBLIC_KEY_BYTES];
    System.arraycopy(shared, 0, ikm, 0, shared.length);
    System.arraycopy(ephPub.toArray(), 0, ikm, shared.length, PUBLIC_KEY_BYTES);
    System.arraycopy(
        recipient.toArray(), 0, ikm, shared.length + PUBLIC_KEY_BYTES, PUBLIC_KEY_BYTES);
    byte[] okm = Hkdf.derive(ikm, INFO, 32 + 12);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(
          mode,
          new SecretKeySpec(okm, 0, 32, "AES"),
          new GCMParameterSpec(128, Arrays.copyOfRange(okm, 32, 44)));
      c.updateAAD(aad);
      return c.doFinal(in);
    } catch (AEADBadTagException e) {
      throw new VetKdException(
          Reason.AEAD_DECRYPTION_FAILED,
          "encrypted sub-share does not decrypt under this holder's key (another recipient's, or"
              + " tampered)",
          e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    } finally {
      Arrays.fill(ikm, (byte) 0);
      Arrays.fill(okm, (byte) 0);
      Arrays.fill(shared, (byte) 0);
    }
  }

  private static byte[] agree(PrivateKey sk, Bytes peer) throws VetKdException {
    try {
      KeyAgreement ka = KeyAgreement.getInstance("XDH");
      ka.init(sk);
      ka.doPhase(publicKey(peer), true);
      return ka.generateSecret();
    } catch (GeneralSecurityException e) {
      // the JDK refuses low-order points (an all-zero shared secret)
      throw new VetKdException(
          Reason.INVALID_ENCODING, "X25519 key agreement failed: " + e.getMessage(), e);
    }
  }

  private static PublicKey publicKey(Bytes raw) throws GeneralSecurityException {
    byte[] le = raw.toArray();
    byte[] be = new byte[le.length];
    for (int i = 0; i < le.length; i++) {
      be[i] = le[le.length - 1 - i];
    }
    be[0] &= 0x7f; // RFC 7748: the top bit of the last byte is ignored
    return KeyFactory.getInstance("XDH")
        .generatePublic(new XECPublicKeySpec(CURVE, new BigInteger(1, be)));
  }

  private static Bytes raw(PublicKey pk) {
    BigInteger u = ((XECPublicKey) pk).getU();
    byte[] be = u.toByteArray();
    byte[] le = new byte[PUBLIC_KEY_BYTES];
    for (int i = 0; i < PUBLIC_KEY_BYTES && i < be.length; i++) {
      le[i] = be[be.length - 1 - i];
    }
    return Bytes.of(le);
  }

  private static KeyPair keyPair(SecureRandom rng) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("XDH");
      g.initialize(CURVE, rng);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("X25519 unavailable", e);
    }
  }

  @Override
  public String toString() {
    return "ReshareRecipientKey[" + publicKey.hex() + ", private key redacted]";
  }
}
