package io.dooor.vetkd.threshold;

import io.dooor.common.Bytes;
import io.dooor.common.crypto.Ed25519PrivateKey;
import io.dooor.common.crypto.Ed25519PublicKey;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdException.Reason;
import io.dooor.vetkd.internal.Hkdf;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.XECPrivateKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A new holder's keys for a distributed resharing ({@code dooor keyshare reshare-keygen}): an
 * X25519 key pair for receiving its sub-shares, and an Ed25519 key pair for signing its complaints
 * ({@link ReshareComplaint}), so that nobody else can complain in its name and make a dealer reveal
 * its sub-share. Also the encryption of one sub-share to such a key: an ephemeral X25519 key,
 * HKDF-SHA256 over the shared secret and both X25519 public keys into an AES-256-GCM key and nonce
 * (each key encrypts once), the dealing's context as associated data.
 *
 * <p>The public key (what {@code --recipient J=PUB} takes) is {@value #PUBLIC_KEY_BYTES} bytes: the
 * 32-byte RFC 7748 X25519 u-coordinate (little-endian) || the 32-byte RFC 8032 Ed25519 public key.
 *
 * <p>Key file ({@link #privateKeyFile}, as secret as a key share; untrusted input to {@link
 * #parseFile}): "DVKN" || version || 32-byte X25519 private scalar || 32-byte Ed25519 private key
 * (the RFC 8032 seed) || the {@value #PUBLIC_KEY_BYTES}-byte public key. Reading it checks that the
 * public key belongs to the private keys.
 */
public final class ReshareRecipientKey {
  /** Length of a new holder's public key: X25519 || Ed25519. */
  public static final int PUBLIC_KEY_BYTES = 64;

  /** Length of a raw X25519 public key. */
  public static final int X25519_BYTES = 32;

  /** Length of a raw Ed25519 public key. */
  public static final int ED25519_BYTES = 32;

  /** Length of an Ed25519 signature. */
  public static final int SIGNATURE_BYTES = 64;

  /** Length of an encrypted sub-share: ephemeral public key, 32-byte scalar, 16-byte tag. */
  public static final int SEALED_BYTES = X25519_BYTES + 32 + 16;

  /** Length of a key file. */
  public static final int FILE_BYTES = 5 + 32 + 32 + PUBLIC_KEY_BYTES;

  private static final String INFO = "dooor/vetkd/reshare-subshare/v1";
  private static final String MAGIC = "DVKN";
  private static final String WHAT = "reshare key file";
  private static final NamedParameterSpec CURVE = NamedParameterSpec.X25519;

  private final PrivateKey privateKey;
  private final Ed25519PrivateKey signingKey;
  private final Bytes publicKey;

  private ReshareRecipientKey(
      PrivateKey privateKey, Ed25519PrivateKey signingKey, Bytes publicKey) {
    this.privateKey = privateKey;
    this.signingKey = signingKey;
    this.publicKey = publicKey;
  }

  /** A fresh pair of key pairs. */
  public static ReshareRecipientKey generate(SecureRandom rng) {
    KeyPair kp = keyPair(rng);
    Ed25519PrivateKey ed = Ed25519PrivateKey.generate(rng);
    byte[] pub = Arrays.copyOf(raw(kp.getPublic()).toArray(), PUBLIC_KEY_BYTES);
    byte[] edPub = ed.publicKey().encoded().toArray();
    System.arraycopy(edPub, 0, pub, X25519_BYTES, ED25519_BYTES);
    return new ReshareRecipientKey(kp.getPrivate(), ed, Bytes.of(pub));
  }

  /** The key file's bytes (both private keys and the public key); write it owner-only. */
  public Bytes privateKeyFile() {
    byte[] x = ((XECPrivateKey) privateKey).getScalar().orElseThrow();
    byte[] e = signingKey.seed().toArray();
    try {
      return new Wire.Writer(MAGIC).raw(x).raw(e).raw(publicKey.toArray()).toBytes();
    } finally {
      Arrays.fill(x, (byte) 0);
      Arrays.fill(e, (byte) 0);
    }
  }

  /**
   * Reads a key file written by {@link #privateKeyFile()}: untrusted bytes, exactly {@link
   * #FILE_BYTES} long, the public key checked against the private keys.
   */
  public static ReshareRecipientKey parseFile(Bytes file) throws VetKdException {
    if (file.length() > 0 && file.toArray()[0] == 0x30) {
      throw new VetKdException(
          Reason.INVALID_ENCODING,
          WHAT
              + ": a PKCS#8 key (an older reshare-keygen's X25519-only key, which cannot sign"
              + " complaints); run reshare-keygen again");
    }
    Wire.Reader r = new Wire.Reader(file, MAGIC, WHAT);
    byte[] x = r.raw(32);
    byte[] e = r.raw(32);
    Bytes pub = Bytes.of(r.raw(PUBLIC_KEY_BYTES));
    r.end();
    try {
      PrivateKey sk =
          KeyFactory.getInstance("XDH").generatePrivate(new XECPrivateKeySpec(CURVE, x));
      Ed25519PrivateKey ed = Ed25519PrivateKey.fromSeed(e);
      // the X25519 public key: the shared secret with the base point u = 9
      KeyAgreement ka = KeyAgreement.getInstance("XDH");
      ka.init(sk);
      ka.doPhase(publicKey(Bytes.of(basePoint())), true);
      if (!MessageDigest.isEqual(ka.generateSecret(), encryptionKey(pub).toArray())) {
        throw r.bad("the X25519 public key is not the private key's");
      }
      if (!ed.publicKey().encoded().equals(signingKey(pub))) {
        throw r.bad("the Ed25519 public key is not the private key's");
      }
      return new ReshareRecipientKey(sk, ed, pub);
    } catch (GeneralSecurityException | IllegalArgumentException ex) {
      throw r.bad("unusable private key: " + ex.getMessage());
    } finally {
      Arrays.fill(x, (byte) 0);
      Arrays.fill(e, (byte) 0);
    }
  }

  private static byte[] basePoint() {
    byte[] u = new byte[X25519_BYTES];
    u[0] = 9;
    return u;
  }

  /** The {@value #PUBLIC_KEY_BYTES}-byte public key: X25519 || Ed25519. */
  public Bytes publicKey() {
    return publicKey;
  }

  /**
   * Checks a public key's length: {@value #PUBLIC_KEY_BYTES} bytes, X25519 || Ed25519 (any 32 bytes
   * is a u-coordinate, low order fails at encryption; an Ed25519 key that is no point verifies no
   * signature).
   */
  public static Bytes checkPublicKey(Bytes raw) throws VetKdException {
    if (raw.length() != PUBLIC_KEY_BYTES) {
      throw new VetKdException(
          Reason.INVALID_ENCODING,
          "a reshare public key is "
              + PUBLIC_KEY_BYTES
              + " bytes (X25519 || Ed25519, from reshare-keygen), got "
              + raw.length());
    }
    return raw;
  }

  /** The X25519 half of a checked public key. */
  static Bytes encryptionKey(Bytes publicKey) {
    return publicKey.slice(0, X25519_BYTES);
  }

  /** The Ed25519 half of a checked public key. */
  static Bytes signingKey(Bytes publicKey) {
    return publicKey.slice(X25519_BYTES, PUBLIC_KEY_BYTES);
  }

  /** This holder's Ed25519 signature on {@code message} (RFC 8032 §5.1.6). */
  Bytes sign(byte[] message) {
    return Bytes.of(signingKey.sign(message));
  }

  /**
   * True if {@code signature} is an Ed25519 signature on {@code message} under the raw 32-byte
   * {@code ed25519} public key; false for any malformed key or signature, and for a key that fails
   * the one key-validation rule of {@link Ed25519PublicKey} (e.g. of small order).
   */
  static boolean verifies(Bytes ed25519, byte[] message, Bytes signature) {
    try {
      return Ed25519PublicKey.parse(ed25519).isValid(message, signature.toArray());
    } catch (java.security.InvalidKeyException e) {
      return false;
    }
  }

  /**
   * Encrypts {@code plaintext} (32 bytes) to the raw X25519 key {@code recipient} with associated
   * data {@code aad}.
   */
  static byte[] seal(Bytes recipient, byte[] plaintext, byte[] aad, SecureRandom rng)
      throws VetKdException {
    KeyPair eph = keyPair(rng);
    Bytes ephPub = raw(eph.getPublic());
    byte[] shared = agree(eph.getPrivate(), recipient);
    byte[] ct = gcm(Cipher.ENCRYPT_MODE, shared, ephPub, recipient, aad, plaintext);
    byte[] out = Arrays.copyOf(ephPub.toArray(), X25519_BYTES + ct.length);
    System.arraycopy(ct, 0, out, X25519_BYTES, ct.length);
    return out;
  }

  /** Decrypts what {@link #seal} made for this key, with the same associated data. */
  byte[] open(byte[] sealed, byte[] aad) throws VetKdException {
    if (sealed.length != SEALED_BYTES) {
      throw new VetKdException(Reason.INVALID_ENCODING, "encrypted sub-share has the wrong length");
    }
    Bytes ephPub = Bytes.of(Arrays.copyOf(sealed, X25519_BYTES));
    byte[] shared = agree(privateKey, ephPub);
    byte[] ct = Arrays.copyOfRange(sealed, X25519_BYTES, sealed.length);
    return gcm(Cipher.DECRYPT_MODE, shared, ephPub, encryptionKey(publicKey), aad, ct);
  }

  private static byte[] gcm(
      int mode, byte[] shared, Bytes ephPub, Bytes recipient, byte[] aad, byte[] in)
      throws VetKdException {
    byte[] ikm = new byte[shared.length + 2 * X25519_BYTES];
    System.arraycopy(shared, 0, ikm, 0, shared.length);
    System.arraycopy(ephPub.toArray(), 0, ikm, shared.length, X25519_BYTES);
    System.arraycopy(recipient.toArray(), 0, ikm, shared.length + X25519_BYTES, X25519_BYTES);
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
    byte[] le = new byte[X25519_BYTES];
    for (int i = 0; i < X25519_BYTES && i < be.length; i++) {
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
