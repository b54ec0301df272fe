package io.dooor.vetkd.threshold;

import io.dooor.common.Bytes;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.internal.Fr;
import io.dooor.vetkd.internal.G1Point;

/**
 * An old holder's answer to a complaint against its dealing ({@code dooor keyshare reshare-answer},
 * {@link ReshareDealerState#answer}): it reveals the complaining new holder j's sub-share f_i(j) in
 * the clear, bound to the dealing's digest and to j, and signed with the dealer's old key share as
 * dealings are ({@link DealerSignature}). Every new holder checks an answer the same way ({@link
 * #problem}): signed by the dealer, for the dealing it holds, and f_i(j)·G2 == Σ_k j^k·A_ik. A
 * valid answer resolves the complaint (holder j uses the revealed value); no valid answer
 * disqualifies the dealer.
 *
 * <p>Wire form (untrusted input, {@link #parse}): "DVKA" || version || u16 dealer || u16 recipient
 * j || 32-byte dealing digest || 32-byte f_i(j) (big-endian, below r) || 48-byte signature.
 */
public final class ReshareAnswer {
  /** Length of the wire form. */
  public static final int BYTES = 5 + RevealedSubShare.BYTES + G1Point.BYTES;

  private static final String MAGIC = "DVKA";
  private static final String SIGNATURE_DOMAIN = "dooor/vetkd/reshare-answer/v1";

  private final int dealer;
  private final int recipient;
  private final Bytes dealingDigest;
  private final Fr value;
  private final Bytes signature;

  private ReshareAnswer(int dealer, int recipient, Bytes dealingDigest, Fr value, Bytes signature) {
    this.dealer = dealer;
    this.recipient = recipient;
    this.dealingDigest = dealingDigest;
    this.value = value;
    this.signature = signature;
  }

  /**
   * Old holder {@code dealer}'s answer revealing {@code value} as new holder {@code recipient}'s
   * sub-share of the dealing with digest {@code dealingDigest}, signed with {@code signingSecret}
   * (its key share; tests pass others to forge).
   */
  static ReshareAnswer sign(
      int dealer,
      Fr signingSecret,
      ThresholdPublicKey oldKey,
      Bytes dealingDigest,
      int recipient,
      Fr value) {
    ReshareAnswer unsigned = new ReshareAnswer(dealer, recipient, dealingDigest, value, null);
    Bytes sig =
        DealerSignature.sign(
            SIGNATURE_DOMAIN, unsigned.unsignedBytes(), oldKey, dealer, signingSecret);
    return new ReshareAnswer(dealer, recipient, dealingDigest, value, sig);
  }

  public int dealer() {
    return dealer;
  }

  /** The new holder whose sub-share is revealed. */
  public int recipient() {
    return recipient;
  }

  public Bytes dealingDigest() {
    return dealingDigest;
  }

  /** The revealed sub-share f_i(j); only meaningful once {@link #problem} returned null. */
  Fr value() {
    return value;
  }

  /**
   * Null if this is a valid answer about {@code dealing} (same dealer, its digest, a new holder of
   * it, signed with the dealer's old key share, the value fitting the commitments), else why not.
   * The dealing must already be checked against the old key.
   */
  String problem(ReshareDealing dealing) {
    if (dealer != dealing.dealer()) {
      return "is old holder " + dealer + "'s, the dealing old holder " + dealing.dealer() + "'s";
    }
    if (!dealingDigest.equals(dealing.digest())) {
      return "names dealing "
          + dealingDigest.hex()
          + ", not old holder "
          + dealer
          + "'s dealing "
          + dealing.digest().hex();
    }
    if (recipient > dealing.newHolders()) {
      return "reveals a sub-share for new holder "
          + recipient
          + ", the dealing is to 1.."
          + dealing.newHolders();
    }
    if (!DealerSignature.verifies(
        SIGNATURE_DOMAIN, unsignedBytes(), dealing.oldPublicKey(), dealer, signature)) {
      return "is not signed with old holder " + dealer + "'s key share";
    }
    if (!ThresholdPublicKey.fits(dealing.commitments(), recipient, value)) {
      return "reveals a sub-share for new holder " + recipient + " that fails the commitments";
    }
    return null;
  }

  public Bytes toBytes() {
    return Wire.signed(unsignedBytes(), signature);
  }

  private byte[] unsignedBytes() {
    return new RevealedSubShare(dealer, recipient, dealingDigest, value)
        .writeTo(new Wire.Writer(MAGIC))
        .toArray();
  }

  /**
   * Parses an answer file: untrusted bytes, exactly {@link #BYTES} long. Checks framing, indices in
   * 1..255 and that the value is below the group order; {@link #problem} checks the rest.
   */
  public static ReshareAnswer parse(Bytes bytes) throws VetKdException {
    Wire.Reader r = new Wire.Reader(bytes, MAGIC, "resharing answer");
    RevealedSubShare body = RevealedSubShare.read(r);
    Bytes signature = Bytes.of(r.raw(G1Point.BYTES));
    r.end();
    return new ReshareAnswer(
        body.dealer(), body.recipient(), body.dealingDigest(), body.value(), signature);
  }

  @Override
  public String toString() {
    return "ReshareAnswer[dealer=" + dealer + ", new holder " + recipient + "]";
  }
}
