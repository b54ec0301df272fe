package io.dooor.client.data.internal;

import io.dooor.client.data.DataKey;
import io.dooor.common.crypto.Hkdf;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM over the chunks of one stream (client/DATA-FORMAT.md §1). The chunk key is
 * HKDF-SHA256(IKM = data key, salt = blob id, info = "dooor/data/v1 chunk key"); chunk i's nonce is
 * prefix (7 bytes) || i (4 bytes, big-endian) || final flag (0x01 on the last chunk, else 0x00), as
 * in the STREAM construction (Hoang, Reyhanitabar, Rogaway, Vizár 2015, §7) and Tink's AES-GCM-HKDF
 * streaming AEAD; the associated data is the whole stream header. Not thread-safe.
 */
public final class ChunkCipher {
  public static final int TAG = 16;
  private static final byte[] INFO = "dooor/data/v1 chunk key".getBytes(StandardCharsets.US_ASCII);

  private final SecretKeySpec key;
  private final byte[] aad;
  private final byte[] nonce = new byte[12];
  private final Cipher cipher;

  public ChunkCipher(DataKey dataKey, StreamHeader header) {
    byte[] ikm = dataKey.secret().toArray();
    byte[] k = Hkdf.sha256(ikm, header.blobId().value().toArray(), INFO, 32);
    this.key = new SecretKeySpec(k, "AES");
    java.util.Arrays.fill(ikm, (byte) 0);
    java.util.Arrays.fill(k, (byte) 0);
    this.aad = header.toBytes();
    System.arraycopy(header.noncePrefix().toArray(), 0, nonce, 0, StreamHeader.NONCE_PREFIX);
    try {
      this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM unavailable", e);
    }
  }

  /** Encrypts chunk {@code index}; writes len + 16 bytes to out and returns that count. */
  public int seal(long index, boolean last, byte[] in, int inOff, int len, byte[] out, int outOff) {
    try {
      init(Cipher.ENCRYPT_MODE, index, last);
      return cipher.doFinal(in, inOff, len, out, outOff);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  /**
   * Decrypts chunk {@code index} (len >= 16 bytes, tag included) into out; returns the plaintext
   * length, or -1 if it does not authenticate as this chunk with this final flag.
   */
  public int open(long index, boolean last, byte[] in, int inOff, int len, byte[] out, int outOff) {
    try {
      init(Cipher.DECRYPT_MODE, index, last);
      return cipher.doFinal(in, inOff, len, out, outOff);
    } catch (AEADBadTagException e) {
      return -1;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM decryption failed", e);
    }
  }

  private void init(int mode, long index, boolean last) throws GeneralSecurityException {
    if (index < 0 || index > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("chunk index " + index + " over 2^32 - 1");
    }
    nonce[7] = (byte) (index >>> 24);
    nonce[8] = (byte) (index >>> 16);
    nonce[9] = (byte) (index >>> 8);
    nonce[10] = (byte) index;
    nonce[11] = (byte) (last ? 1 : 0);
    cipher.init(mode, key, new GCMParameterSpec(TAG * 8, nonce));
    cipher.updateAAD(aad);
  }
}
