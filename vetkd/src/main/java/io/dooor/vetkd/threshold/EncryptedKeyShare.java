package io.dooor.vetkd.threshold;

import io.dooor.common.Bytes;
import io.dooor.vetkd.EncryptedVetKey;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdException.Reason;

/**
 * Holder i's answer: an encrypted key computed with its share, (r_i·G1, r_i·G2, r_i·TPK + dsk_i·H).
 * Parsing checks only the encoding; the combiner verifies it against PK_i. Wire form: "DVKS" ||
 * version || u16 index || 192-byte encrypted key.
 */
public record EncryptedKeyShare(int holderIndex, EncryptedVetKey share) {
  private static final String MAGIC = "DVKS";

  public EncryptedKeyShare {
    if (holderIndex < 1 || holderIndex > ThresholdPublicKey.MAX_HOLDERS) {
      throw new IllegalArgumentException("holder index out of range: " + holderIndex);
    }
  }

  public Bytes toBytes() {
    return new Wire.Writer(MAGIC).u16(holderIndex).raw(share.toBytes().toArray()).toBytes();
  }

  public static EncryptedKeyShare parse(Bytes bytes) throws VetKdException {
    Wire.Reader r = new Wire.Reader(bytes, MAGIC, "encrypted key share");
    int index = r.u16();
    if (index < 1 || index > ThresholdPublicKey.MAX_HOLDERS) {
      throw new VetKdException(Reason.INVALID_ENCODING, "holder index out of range: " + index);
    }
    EncryptedVetKey share = EncryptedVetKey.parse(Bytes.of(r.raw(EncryptedVetKey.BYTES)));
    r.end();
    return new EncryptedKeyShare(index, share);
  }
}
