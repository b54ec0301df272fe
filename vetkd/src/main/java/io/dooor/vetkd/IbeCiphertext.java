package io.dooor.vetkd;

import io.dooor.common.Bytes;
import io.dooor.vetkd.VetKdException.Reason;
import io.dooor.vetkd.internal.ConstantTime;
import io.dooor.vetkd.internal.Fr;
import io.dooor.vetkd.internal.G2Point;
import io.dooor.vetkd.internal.Hkdf;
import io.dooor.vetkd.internal.IdentityPolicy;
import io.dooor.vetkd.internal.Pairings;
import io.dooor.vetkd.internal.Shake256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Identity-based encryption to a derived public key (spec §6, ic-vetkeys {@code IbeCiphertext}):
 * header "IC IBE\0\1" (8) || C1 (G2, 96) || C2 (32) || C3 (|msg|). Boneh-Franklin with a
 * Fujisaki-Okamoto check, so decryption authenticates the whole ciphertext.
 */
public final class IbeCiphertext {
  /** Bytes added to the message. */
  public static final int OVERHEAD = 8 + 96 + 32;

  private static final byte[] HEADER = {0x49, 0x43, 0x20, 0x49, 0x42, 0x45, 0x00, 0x01};
  private static final String MASK_DST = "ic-vetkd-bls12-381-ibe-hash-to-mask";
  private static final String SEED_DS = "ic-vetkd-bls12-381-ibe-mask-seed";
  private static final byte[] MSG_DS_BYTES =
      "ic-vetkd-bls12-381-ibe-mask-msg-".getBytes(StandardCharsets.US_ASCII);

  private final G2Point c1;
  private final byte[] c2;
  private final byte[] c3;

  private IbeCiphertext(G2Point c1, byte[] c2, byte[] c3) {
    this.c1 = c1;
    this.c2 = c2;
    this.c3 = c3;
  }

  /** Encrypts {@code message} to {@code identity} under {@code dpk} (spec §6 Encrypt). */
  public static IbeCiphertext encrypt(
      DerivedPublicKey dpk, Bytes identity, Bytes message, IbeSeed seed) {
    byte[] s = seed.value();
    byte[] msg = message.toArray();
    Fr t = maskScalar(s, msg);
    byte[] gt = Pairings.gtBytes(dpk.augmentedHash(identity).mul(t), dpk.point());
    byte[] c2 = ConstantTime.xor(s, Hkdf.derive(gt, SEED_DS, IbeSeed.BYTES));
    byte[] c3 = ConstantTime.xor(msg, messageMask(s, msg.length));
    return new IbeCiphertext(G2Point.generator().mul(t), c2, c3);
  }

  /** Decodes a ciphertext: known header, at least 136 bytes, C1 a subgroup point (spec §6). */
  public static IbeCiphertext parse(Bytes bytes) throws VetKdException {
    byte[] b = bytes.toArray();
    if (b.length < OVERHEAD) {
      throw new VetKdException(
          Reason.INVALID_ENCODING, "IBE ciphertext shorter than 136 bytes: " + b.length);
    }
    if (!MessageDigest.isEqual(Arrays.copyOf(b, 8), HEADER)) {
      throw new VetKdException(Reason.IBE_UNKNOWN_HEADER, "IBE ciphertext has an unknown header");
    }
    G2Point c1 = G2Point.decode(Arrays.copyOfRange(b, 8, 104), IdentityPolicy.ALLOW, "IBE C1");
    return new IbeCiphertext(
        c1, Arrays.copyOfRange(b, 104, OVERHEAD), Arrays.copyOfRange(b, OVERHEAD, b.length));
  }

  /**
   * Decrypts with the vetKey of this ciphertext's (DPK, identity) and checks t·G2 == C1 (spec §6
   * Decrypt), failing with {@link Reason#IBE_DECRYPTION_FAILED} for a wrong key or tampering.
   */
  public Bytes decrypt(VetKey vetKey) throws VetKdException {
    byte[] gt = Pairings.gtBytes(vetKey.point(), c1);
    byte[] seed = ConstantTime.xor(c2, Hkdf.derive(gt, SEED_DS, IbeSeed.BYTES));
    byte[] msg = ConstantTime.xor(c3, messageMask(seed, c3.length));
    if (!c1.isGeneratorTimes(maskScalar(seed, msg))) {
      throw new VetKdException(
          Reason.IBE_DECRYPTION_FAILED, "IBE decryption failed: wrong key or modified ciphertext");
    }
    return Bytes.of(msg);
  }

  private static Fr maskScalar(byte[] seed, byte[] msg) {
    byte[] in = new byte[HEADER.length + seed.length + msg.length];
    System.arraycopy(HEADER, 0, in, 0, HEADER.length);
    System.arraycopy(seed, 0, in, HEADER.length, seed.length);
    System.arraycopy(msg, 0, in, HEADER.length + seed.length, msg.length);
    return Fr.hashToScalar(in, MASK_DST);
  }

  private static byte[] messageMask(byte[] seed, int len) {
    byte[] key = Hkdf.derive(seed, messageDomain(len), 32);
    return Shake256.digest(key, len);
  }

  /** MSG_DS followed by the length as 20 decimal digits, zero-padded (spec §6 step 5). */
  private static byte[] messageDomain(int len) {
    byte[] ds = Arrays.copyOf(MSG_DS_BYTES, MSG_DS_BYTES.length + 20);
    for (int i = ds.length - 1, v = len; i >= MSG_DS_BYTES.length; i--, v /= 10) {
      ds[i] = (byte) ('0' + v % 10);
    }
    return ds;
  }

  /** Length of the plaintext this ciphertext carries. */
  public int plaintextLength() {
    return c3.length;
  }

  public Bytes toBytes() {
    byte[] out = new byte[OVERHEAD + c3.length];
    System.arraycopy(HEADER, 0, out, 0, 8);
    System.arraycopy(c1.toBytes(), 0, out, 8, 96);
    System.arraycopy(c2, 0, out, 104, 32);
    System.arraycopy(c3, 0, out, OVERHEAD, c3.length);
    return Bytes.of(out);
  }

  @Override
  public String toString() {
    return "IbeCiphertext[" + (OVERHEAD + c3.length) + " bytes]";
  }
}
