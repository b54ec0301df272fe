package io.dooor.vetkd;

import io.dooor.common.Bytes;
import io.dooor.common.SecretBytes;
import io.dooor.vetkd.VetKdException.Reason;
import io.dooor.vetkd.internal.Hkdf;
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
 * Key material derived from a vetKey for AES-256-GCM messages (spec §5, ic-vetkeys {@code
 * DerivedKeyMaterial}). Encrypts in the "IC GCMv2" format; decrypts that and, when the header does
 * not match and the associated data is empty, the legacy headerless format of npm
 * {@code @dfinity/vetkeys} 0.4.0, which {@link #encryptMessageLegacy} also writes for readers of
 * that release.
 */
public final class DerivedKeyMaterial {
  private static final String DKM_DS = "ic-vetkd-bls12-381-g2-derived-key-material";
  private static final String GCM_V2_DS = "ic-vetkd-bls12-381-g2-aes-gcm-v2-";
  private static final byte[] HEADER = "IC GCMv2".getBytes(StandardCharsets.US_ASCII);
  private static final int NONCE = 12;
  private static final int TAG = 16;
  private static final SecureRandom RNG = new SecureRandom();

  private final byte[] dkm;
  private final byte[] rawVetKey;

  private DerivedKeyMaterial(byte[] dkm, byte[] rawVetKey) {
    this.dkm = dkm;
    this.rawVetKey = rawVetKey;
  }

  static DerivedKeyMaterial of(byte[] vetKey48) {
    return new DerivedKeyMaterial(Hkdf.derive(vetKey48, DKM_DS, 32), vetKey48.clone());
  }

  /**
   * HKDF(dkm, domainSep, len): a further symmetric key (ic-vetkeys {@code derive_symmetric_key}).
   */
  public SecretBytes deriveSymmetricKey(String domainSep, int len) throws VetKdException {
    VetKey.checkLength(len);
    return SecretBytes.of(Hkdf.derive(dkm, domainSep, len));
  }

  /** "IC GCMv2" || nonce(12) || AES-256-GCM(key_v2(domainSep), aad = header || aad) || tag. */
  public Bytes encryptMessage(Bytes message, String domainSep, Bytes associatedData) {
    byte[] nonce = new byte[NONCE];
    RNG.nextBytes(nonce);
    byte[] ct =
        gcm(
            Cipher.ENCRYPT_MODE,
            v2Key(domainSep),
            nonce,
            aad(associatedData),
            message.toArray(),
            0);
    byte[] out = new byte[HEADER.length + NONCE + ct.length];
    System.arraycopy(HEADER, 0, out, 0, HEADER.length);
    System.arraycopy(nonce, 0, out, HEADER.length, NONCE);
    System.arraycopy(ct, 0, out, HEADER.length + NONCE, ct.length);
    return Bytes.of(out);
  }

  /**
   * nonce(12) || AES-256-GCM(HKDF(vetKey, domainSep), no associated data) || tag: the legacy
   * headerless format, the only one npm {@code @dfinity/vetkeys} 0.4.0 reads ({@code
   * DerivedKeyMaterial.encryptMessage} there). Prefer {@link #encryptMessage}: the legacy format
   * carries no associated data and no version, so write it only for such readers.
   */
  public Bytes encryptMessageLegacy(Bytes message, String domainSep) {
    byte[] nonce = new byte[NONCE];
    RNG.nextBytes(nonce);
    byte[] ct =
        gcm(
            Cipher.ENCRYPT_MODE,
            Hkdf.derive(rawVetKey, domainSep, 32),
            nonce,
            new byte[0],
            message.toArray(),
            0);
    byte[] out = Arrays.copyOf(nonce, NONCE + ct.length);
    System.arraycopy(ct, 0, out, NONCE, ct.length);
    return Bytes.of(out);
  }

  /**
   * Decrypts the v2 format, or the legacy headerless one (spec §5; ic-vetkeys {@code
   * decrypt_message}).
   */
  public Bytes decryptMessage(Bytes ciphertext, String domainSep, Bytes associatedData)
      throws VetKdException {
    byte[] c = ciphertext.toArray();
    boolean v2 =
        c.length >= HEADER.length && MessageDigest.isEqual(Arrays.copyOf(c, HEADER.length), HEADER);
    if (v2) {
      if (c.length < HEADER.length + NONCE + TAG) {
        throw tooShort(c.length);
      }
      byte[] nonce = Arrays.copyOfRange(c, HEADER.length, HEADER.length + NONCE);
      return open(v2Key(domainSep), nonce, aad(associatedData), c, HEADER.length + NONCE);
    }
    if (!associatedData.isEmpty()) {
      throw new VetKdException(
          Reason.INVALID_ENCODING, "ciphertext lacks the IC GCMv2 header (legacy has no AAD)");
    }
    if (c.length < NONCE + TAG) {
      throw tooShort(c.length);
    }
    byte[] legacyKey = Hkdf.derive(rawVetKey, domainSep, 32);
    return open(legacyKey, Arrays.copyOf(c, NONCE), new byte[0], c, NONCE);
  }

  private static VetKdException tooShort(int len) {
    return new VetKdException(Reason.INVALID_ENCODING, "ciphertext too short: " + len + " bytes");
  }

  private byte[] v2Key(String domainSep) {
    return Hkdf.derive(dkm, GCM_V2_DS + domainSep, 32);
  }

  private static byte[] aad(Bytes associatedData) {
    byte[] ad = associatedData.toArray();
    byte[] out = Arrays.copyOf(HEADER, HEADER.length + ad.length);
    System.arraycopy(ad, 0, out, HEADER.length, ad.length);
    return out;
  }

  private static Bytes open(byte[] key, byte[] nonce, byte[] aad, byte[] c, int from)
      throws VetKdException {
    try {
      return Bytes.of(gcmChecked(Cipher.DECRYPT_MODE, key, nonce, aad, c, from));
    } catch (AEADBadTagException e) {
      throw new VetKdException(Reason.AEAD_DECRYPTION_FAILED, "AES-GCM authentication failed", e);
    }
  }

  private static byte[] gcm(int mode, byte[] key, byte[] nonce, byte[] aad, byte[] in, int from) {
    try {
      return gcmChecked(mode, key, nonce, aad, in, from);
    } catch (AEADBadTagException e) {
      throw new IllegalStateException("unexpected tag failure while encrypting", e);
    }
  }

  private static byte[] gcmChecked(
      int mode, byte[] key, byte[] nonce, byte[] aad, byte[] in, int from)
      throws AEADBadTagException {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG * 8, nonce));
      cipher.updateAAD(aad);
      return cipher.doFinal(in, from, in.length - from);
    } catch (AEADBadTagException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
  }

  @Override
  public String toString() {
    return "DerivedKeyMaterial[redacted]";
  }
}
