package io.dooor.vetkd;

import io.dooor.common.Bytes;
import io.dooor.vetkd.VetKdException.Reason;
import io.dooor.vetkd.internal.Hkdf;
import java.security.SecureRandom;

/**
 * The 32-byte randomness of an IBE encryption (spec §6, ic-vetkeys {@code IbeSeed}). Exactly 32
 * bytes are used as given; any other length of at least 16 bytes is hashed with HKDF.
 */
public final class IbeSeed {
  static final int BYTES = 32;
  private static final int MIN = 16;
  private static final String DS = "ic-vetkd-bls12-381-ibe-hash-seed";
  private static final SecureRandom RNG = new SecureRandom();
  private final byte[] value;

  private IbeSeed(byte[] value) {
    this.value = value;
  }

  public static IbeSeed random() {
    byte[] b = new byte[BYTES];
    RNG.nextBytes(b);
    return new IbeSeed(b);
  }

  /** ic-vetkeys {@code IbeSeed::from_bytes}: at least 16 bytes. */
  public static IbeSeed fromBytes(Bytes bytes) throws VetKdException {
    if (bytes.length() < MIN) {
      throw new VetKdException(
          Reason.IBE_SEED_TOO_SHORT, "IBE seed needs at least 16 bytes, got " + bytes.length());
    }
    byte[] b = bytes.toArray();
    return new IbeSeed(b.length == BYTES ? b : Hkdf.derive(b, DS, BYTES));
  }

  static IbeSeed ofRaw(byte[] b32) {
    return new IbeSeed(b32.clone());
  }

  byte[] value() {
    return value.clone();
  }

  @Override
  public String toString() {
    return "IbeSeed[redacted]";
  }
}
