package io.dooor.audit.internal;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/** Ed25519 (RFC 8032) with raw 32-byte keys, on the JDK's provider. */
public final class Ed25519 {
  /** Length of raw public keys and private seeds. */
  public static final int KEY_LENGTH = 32;

  private static final byte[] SPKI_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };
  private static final byte[] PKCS8_PREFIX = {
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20
  };

  private Ed25519() {}

  /** A public key from its 32 raw bytes (RFC 8032 §5.1.5 encoding). */
  public static PublicKey publicKey(byte[] raw) throws GeneralSecurityException {
    if (raw.length != KEY_LENGTH) {
      throw new GeneralSecurityException("Ed25519 public key is " + raw.length + " bytes");
    }
    return KeyFactory.getInstance("Ed25519")
        .generatePublic(new X509EncodedKeySpec(concat(SPKI_PREFIX, raw)));
  }

  /** A private key from its 32-byte seed. */
  public static PrivateKey privateKey(byte[] seed) throws GeneralSecurityException {
    if (seed.length != KEY_LENGTH) {
      throw new GeneralSecurityException("Ed25519 seed is " + seed.length + " bytes");
    }
    return KeyFactory.getInstance("Ed25519")
        .generatePrivate(new PKCS8EncodedKeySpec(concat(PKCS8_PREFIX, seed)));
  }

  /** The raw public key of a seed (RFC 8032 §5.1.5), via the JDK key generator fed the seed. */
  public static byte[] publicFromSeed(byte[] seed) throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
    g.initialize(255, new FixedRandom(seed));
    return raw(g.generateKeyPair().getPublic());
  }

  /** A fresh random seed. */
  public static byte[] newSeed() {
    byte[] seed = new byte[KEY_LENGTH];
    new SecureRandom().nextBytes(seed);
    return seed;
  }

  public static byte[] raw(PublicKey key) {
    byte[] der = key.getEncoded();
    return Arrays.copyOfRange(der, der.length - KEY_LENGTH, der.length);
  }

  public static byte[] sign(PrivateKey key, byte[] message) throws GeneralSecurityException {
    Signature s = Signature.getInstance("Ed25519");
    s.initSign(key);
    s.update(message);
    return s.sign();
  }

  /** Whether {@code sig} is a valid signature; malformed signatures are simply invalid. */
  public static boolean verify(PublicKey key, byte[] message, byte[] sig) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(key);
      s.update(message);
      return s.verify(sig);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** Checks that a key pair round-trips (used once per signer, cheap). */
  public static KeyPair pair(byte[] seed) throws GeneralSecurityException {
    return new KeyPair(publicKey(publicFromSeed(seed)), privateKey(seed));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** Returns the seed to the key generator, which draws exactly 32 bytes for the private key. */
  private static final class FixedRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final byte[] seed;

    FixedRandom(byte[] seed) {
      this.seed = seed.clone();
    }

    @Override
    public void nextBytes(byte[] bytes) {
      if (bytes.length != seed.length) {
        throw new IllegalStateException("key generator asked for " + bytes.length + " bytes");
      }
      System.arraycopy(seed, 0, bytes, 0, bytes.length);
    }
  }
}
