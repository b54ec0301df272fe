package io.dooor.vetkd.threshold;

import io.dooor.common.Bytes;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.internal.Fr;

/**
 * A DKG dealer's answer to a complaint against its dealing ({@link DkgDealer#answer}): holder j's
 * sub-share f_i(j) in the clear, bound to the dealing's digest and to j, signed with the dealer's
 * Ed25519 key from the roster. Every holder checks it alike ({@link #problem}): signed by the
 * dealer, for the dealing it holds, and f_i(j)·G2 == Σ_k j^k·A_ik. A valid answer resolves the
 * complaint; a complaint without one disqualifies the dealer at every holder.
 *
 * <p>Wire form (untrusted input, {@link #parse}): "DVKE" || version 1 || u16 dealer || u16 holder j
 * || 32-byte dealing digest || 32-byte f_i(j) (big-endian, below r) || 64-byte Ed25519 signature
 * over the domain tag "dooor/vetkd/dkg-answer/v1" and every byte before it.
 */
public final class DkgAnswer {
  /** Length of the wire form. */
  public static final int BYTES = 5 + RevealedSubShare.BYTES + ReshareRecipientKey.SIGNATURE_BYTES;

  private static final String MAGIC = "DVKE";
  private static final int VERSION = 1;
  private static final String DOMAIN = "dooor/vetkd/dkg-answer/v1";

  private final int dealer;
  private final int recipient;
  private final Bytes dealingDigest;
  private final Fr value;
  private final Bytes signature;

  private DkgAnswer(int dealer, int recipient, Bytes dealingDigest, Fr value, Bytes signature) {
    this.dealer = dealer;
    this.recipient = recipient;
    this.dealingDigest = dealingDigest;
    this.value = value;
    this.signature = signature;
  }

  static DkgAnswer sign(
      int dealer, int recipient, Bytes dealingDigest, Fr value, ReshareRecipientKey key) {
    DkgAnswer unsigned = new DkgAnswer(dealer, recipient, dealingDigest, value, Bytes.empty());
    Bytes sig = key.sign(DkgDealing.signed(DOMAIN, unsigned.unsignedBytes()));
    return new DkgAnswer(dealer, recipient, dealingDigest, value, sig);
  }

  public int dealer() {
    return dealer;
  }

  /** The holder whose sub-share is revealed. */
  public int recipient() {
    return recipient;
  }

  Fr value() {
    return value;
  }

  /**
   * Null if this is a valid answer about {@code dealing} (publicly valid for {@code roster}): same
   * dealer, its digest, a holder of the roster, signed by the dealer, the value fitting the
   * commitments; else why not.
   */
  String problem(DkgRoster roster, DkgDealing dealing) {
    if (dealer != dealing.dealer() || !dealingDigest.equals(dealing.digest())) {
      return "names another dealing than holder " + dealing.dealer() + "'s";
    }
    if (recipient > roster.holders()) {
      return "reveals a sub-share for holder " + recipient + ", outside 1.." + roster.holders();
    }
    if (!ReshareRecipientKey.verifies(
        ReshareRecipientKey.signingKey(roster.key(dealer)),
        DkgDealing.signed(DOMAIN, unsignedBytes()),
        signature)) {
      return "is not signed with holder " + dealer + "'s Ed25519 key in the roster";
    }
    if (!ThresholdPublicKey.fits(dealing.commitments(), recipient, value)) {
      return "reveals a sub-share for holder " + recipient + " that fails the commitments";
    }
    return null;
  }

  public Bytes toBytes() {
    return Wire.signed(unsignedBytes(), signature);
  }

  private byte[] unsignedBytes() {
    return new RevealedSubShare(dealer, recipient, dealingDigest, value)
        .writeTo(new Wire.Writer(MAGIC, VERSION))
        .toArray();
  }

  /**
   * Parses an answer: untrusted bytes, exactly {@link #BYTES} long. Checks framing, indices in
   * 1..255 and that the value is below the group order; {@link #problem} checks the rest.
   */
  public static DkgAnswer parse(Bytes bytes) throws VetKdException {
    Wire.Reader r = new Wire.Reader(bytes, MAGIC, VERSION, "dkg answer");
    RevealedSubShare body = RevealedSubShare.read(r);
    Bytes signature = Bytes.of(r.raw(ReshareRecipientKey.SIGNATURE_BYTES));
    r.end();
    return new DkgAnswer(
        body.dealer(), body.recipient(), body.dealingDigest(), body.value(), signature);
  }

  @Override
  public String toString() {
    return "DkgAnswer[dealer=" + dealer + ", holder " + recipient + "]";
  }
}
