package io.dooor.vetkd.threshold;

import io.dooor.common.Bytes;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.internal.Fr;

/**
 * What an answer to a complaint reveals, in the wire form DKG and resharing answers share: u16
 * dealer || u16 recipient j || 32-byte dealing digest || 32-byte f_i(j) (big-endian, below r).
 */
record RevealedSubShare(int dealer, int recipient, Bytes dealingDigest, Fr value) {
  /** Length of the wire form. */
  static final int BYTES = 2 + 2 + 32 + Fr.BYTES;

  /** Appends the wire form to {@code w}. */
  Wire.Writer writeTo(Wire.Writer w) {
    return w.u16(dealer).u16(recipient).raw(dealingDigest.toArray()).raw(value.toBigEndian());
  }

  /** Reads the wire form from untrusted bytes: indices in 1..255, the value below the order. */
  static RevealedSubShare read(Wire.Reader r) throws VetKdException {
    int dealer = r.u16();
    int recipient = r.u16();
    for (int index : new int[] {dealer, recipient}) {
      if (index < 1 || index > ThresholdPublicKey.MAX_HOLDERS) {
        throw r.bad("holder index " + index + " is outside 1.." + ThresholdPublicKey.MAX_HOLDERS);
      }
    }
    Bytes digest = Bytes.of(r.raw(32));
    try {
      return new RevealedSubShare(dealer, recipient, digest, Fr.fromBigEndian(r.raw(Fr.BYTES)));
    } catch (VetKdException e) {
      throw r.bad("revealed sub-share: " + ReshareComplaint.strip(e));
    }
  }
}
