package io.dooor.agent.seal;

import io.dooor.agent.seal.SealingException.Reason;
import io.dooor.common.Bytes;
import io.dooor.common.SecretBytes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The sealed-blob format shared by every sealer, version 1:
 *
 * <pre>
 *   "DOOORSEAL"  9 bytes ASCII
 *   version      u8 = 1
 *   sealer       u8 length (1..16) || UTF-8 name ("sim", "snp", "vetkd")
 *   parameters   u16 big-endian length (0..4096) || bytes (what the sealer needs to get its key)
 *   nonce        12 random bytes
 *   ciphertext   AES-256-GCM (NIST SP 800-38D) of the secret || 16-byte tag
 * </pre>
 *
 * Everything before the nonce is the associated data, so a changed sealer name or parameter fails
 * authentication like a changed ciphertext.
 */
final class SealedBox {
  static final int VERSION = 1;
  static final int NONCE = 12;
  static final int TAG = 16;
  static final int MAX_PARAMETERS = 4096;

  private static final byte[] MAGIC = "DOOORSEAL".getBytes(StandardCharsets.US_ASCII);
  private static final SecureRandom RNG = new SecureRandom();

  private SealedBox() {}

  /** A parsed, not yet opened, blob. */
  record Parsed(String sealer, Bytes parameters, Bytes header, Bytes nonce, Bytes ciphertext) {}

  static Bytes seal(SecretBytes key, String sealer, Bytes parameters, Bytes secret) {
    byte[] header = header(sealer, parameters);
    byte[] nonce = new byte[NONCE];
    RNG.nextBytes(nonce);
    byte[] ct = aesGcmEncrypt(key, nonce, header, secret.toArray());
    ByteBuffer out = ByteBuffer.allocate(header.length + NONCE + ct.length);
    return Bytes.of(out.put(header).put(nonce).put(ct).array());
  }

  /** Parses {@code blob} and checks it was sealed by {@code sealer}. */
  static Parsed parse(Bytes blob, String sealer) throws SealingException {
    Parsed p = parse(blob);
    if (!p.sealer().equals(sealer)) {
      throw new SealingException(
          Reason.WRONG_SEALER, "sealed by '" + p.sealer() + "', not '" + sealer + "'");
    }
    return p;
  }

  /** Parses the framing of {@code blob}; anything else is MALFORMED. */
  static Parsed parse(Bytes blob) throws SealingException {
    byte[] b = blob.toArray();
    ByteBuffer in = ByteBuffer.wrap(b);
    byte[] magic = take(in, MAGIC.length, "magic");
    if (!MessageDigest.isEqual(magic, MAGIC)) {
      throw malformed("not a sealed blob (no DOOORSEAL magic)");
    }
    int version = Byte.toUnsignedInt(take(in, 1, "version")[0]);
    if (version != VERSION) {
      throw malformed("sealed-blob version " + version + ", this agent reads " + VERSION);
    }
    String sealer = sealerName(in);
    int paramLength = Short.toUnsignedInt(ByteBuffer.wrap(take(in, 2, "length")).getShort());
    if (paramLength > MAX_PARAMETERS) {
      throw malformed("parameters of " + paramLength + " bytes");
    }
    Bytes params = Bytes.of(take(in, paramLength, "parameters"));
    Bytes header = Bytes.of(Arrays.copyOf(b, in.position()));
    Bytes nonce = Bytes.of(take(in, NONCE, "nonce"));
    if (in.remaining() < TAG) {
      throw malformed("ciphertext shorter than the GCM tag");
    }
    Bytes ct = Bytes.of(take(in, in.remaining(), "ciphertext"));
    return new Parsed(sealer, params, header, nonce, ct);
  }

  /** Decrypts a parsed blob; UNSEAL_FAILED when the key is not the one it was sealed under. */
  static Bytes open(SecretBytes key, Parsed p, String wrongKey) throws SealingException {
    try {
      Cipher c = cipher(Cipher.DECRYPT_MODE, key, p.nonce().toArray(), p.header().toArray());
      return Bytes.of(c.doFinal(p.ciphertext().toArray()));
    } catch (AEADBadTagException e) {
      throw new SealingException(Reason.UNSEAL_FAILED, wrongKey, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
  }

  private static byte[] header(String sealer, Bytes parameters) {
    byte[] name = sealer.getBytes(StandardCharsets.UTF_8);
    if (name.length == 0 || name.length > 16 || parameters.length() > MAX_PARAMETERS) {
      throw new IllegalArgumentException("sealer name or parameters out of range");
    }
    ByteBuffer h = ByteBuffer.allocate(MAGIC.length + 2 + name.length + 2 + parameters.length());
    h.put(MAGIC).put((byte) VERSION).put((byte) name.length).put(name);
    h.putShort((short) parameters.length()).put(parameters.toArray());
    return h.array();
  }

  private static String sealerName(ByteBuffer in) throws SealingException {
    int length = Byte.toUnsignedInt(take(in, 1, "sealer length")[0]);
    if (length == 0 || length > 16) {
      throw malformed("sealer name of " + length + " bytes");
    }
    byte[] name = take(in, length, "sealer name");
    for (byte c : name) {
      if (c < 'a' || c > 'z') {
        throw malformed("sealer name is not lower-case ASCII");
      }
    }
    return new String(name, StandardCharsets.US_ASCII);
  }

  private static byte[] take(ByteBuffer in, int n, String what) throws SealingException {
    if (in.remaining() < n) {
      throw malformed("truncated in the " + what);
    }
    byte[] out = new byte[n];
    in.get(out);
    return out;
  }

  private static byte[] aesGcmEncrypt(SecretBytes key, byte[] nonce, byte[] aad, byte[] plain) {
    try {
      return cipher(Cipher.ENCRYPT_MODE, key, nonce, aad).doFinal(plain);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
  }

  private static Cipher cipher(int mode, SecretBytes key, byte[] nonce, byte[] aad)
      throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(mode, new SecretKeySpec(key.toArray(), "AES"), new GCMParameterSpec(TAG * 8, nonce));
    c.updateAAD(aad);
    return c;
  }

  private static SealingException malformed(String detail) {
    return new SealingException(Reason.MALFORMED, detail);
  }
}
