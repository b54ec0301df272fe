package io.dooor.vetkd.threshold;

import io.dooor.common.Bytes;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdException.Reason;
import io.dooor.vetkd.internal.Fr;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals a key share at rest: "DVKK" || version || u16 index || blob(threshold public key) || nonce
 * (12) || AES-256-GCM(share, 32 bytes) || tag (16). Everything before the nonce is the associated
 * data, so a sealed share cannot be moved to another index or key. Unsealing re-checks sk_i·G2 ==
 * PK_i.
 */
public final class KeyShareSealer {
  private static final String MAGIC = "DVKK";
  private static final int MAX_PUBLIC_KEY = 8 + 96 * ThresholdPublicKey.MAX_HOLDERS;
  private final SealingKeySource source;
  private final SecureRandom rng;

  public KeyShareSealer(SealingKeySource source, SecureRandom rng) {
    this.source = source;
    this.rng = rng;
  }

  public Bytes seal(KeyShare share) throws VetKdException {
    byte[] header =
        new Wire.Writer(MAGIC)
            .u16(share.index())
            .blob(share.publicKey().toBytes().toArray())
            .toArray();
    byte[] nonce = new byte[12];
    rng.nextBytes(nonce);
    byte[] ct = crypt(Cipher.ENCRYPT_MODE, nonce, header, share.secret().toBigEndian());
    byte[] out = Arrays.copyOf(header, header.length + 12 + ct.length);
    System.arraycopy(nonce, 0, out, header.length, 12);
    System.arraycopy(ct, 0, out, header.length + 12, ct.length);
    return Bytes.of(out);
  }

  public KeyShare unseal(Bytes sealed) throws VetKdException {
    Wire.Reader r = new Wire.Reader(sealed, MAGIC, "sealed key share");
    int index = r.u16();
    ThresholdPublicKey pk = ThresholdPublicKey.parse(Bytes.of(r.blob(MAX_PUBLIC_KEY)));
    byte[] header = sealed.slice(0, r.position()).toArray();
    byte[] nonce = r.raw(12);
    byte[] ct = r.raw(Fr.BYTES + 16);
    r.end();
    return KeyShare.of(index, Fr.fromBigEndian(crypt(Cipher.DECRYPT_MODE, nonce, header, ct)), pk);
  }

  private byte[] crypt(int mode, byte[] nonce, byte[] aad, byte[] in) throws VetKdException {
    return crypt(source, "sealed key share", mode, nonce, aad, in);
  }

  /**
   * AES-256-GCM under {@code source}'s key with {@code aad}; a failed tag is {@link
   * Reason#UNSEALING_FAILED} naming {@code what}.
   */
  static byte[] crypt(
      SealingKeySource source, String what, int mode, byte[] nonce, byte[] aad, byte[] in)
      throws VetKdException {
    byte[] key = source.sealingKey().toArray();
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
      c.updateAAD(aad);
      return c.doFinal(in);
    } catch (AEADBadTagException e) {
      throw new VetKdException(
          Reason.UNSEALING_FAILED, what + " does not authenticate under " + source.describe(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }
}
