package io.dooor.vetkd.threshold;

import io.dooor.common.Bytes;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdException.Reason;
import io.dooor.vetkd.internal.Fr;
import java.util.ArrayList;
import java.util.List;

/**
 * A DKG dealer's secret state for the complaint round: its polynomial, held in memory by the one
 * process that runs the whole generation ({@code dooor keyshare dkg}) and never written anywhere.
 * It answers a complaint against its dealing only if the complaint is signed with the complaining
 * holder's Ed25519 key from the roster (otherwise anyone could make it publish a holder's
 * sub-shares); the answer reveals that holder's sub-share ({@link DkgAnswer}).
 */
public final class DkgDealer {
  private final int index;
  private final Bytes dealing;
  private final ReshareRecipientKey key;
  private final List<Fr> polynomial;

  DkgDealer(int index, Bytes dealing, ReshareRecipientKey key, List<Fr> polynomial) {
    this.index = index;
    this.dealing = dealing;
    this.key = key;
    this.polynomial = List.copyOf(polynomial);
  }

  /**
   * The answers to every complaint (of the same roster) against this dealer's dealing; complaints
   * not signed by their holder's roster key, or naming another dealing of ours, get none.
   */
  public List<DkgAnswer> answer(DkgRoster roster, List<ReshareComplaint> complaints) {
    List<DkgAnswer> out = new ArrayList<>();
    for (ReshareComplaint c : complaints) {
      ReshareComplaint.Accusation a = c.against(index);
      int j = c.recipient();
      if (a == null || j > roster.holders() || !a.dealingDigest().equals(dealing)) {
        continue;
      }
      if (c.signatureProblem(roster.key(j)) != null) {
        continue;
      }
      out.add(DkgAnswer.sign(index, j, dealing, Dealing.evaluate(polynomial, j), key));
    }
    return out;
  }

  /** This dealer's index. */
  public int index() {
    return index;
  }

  /** Test hook: answers as {@link #answer} would but with a wrong value for every complaint. */
  List<DkgAnswer> answerWrongly(DkgRoster roster, List<ReshareComplaint> complaints)
      throws VetKdException {
    List<DkgAnswer> out = new ArrayList<>();
    for (DkgAnswer a : answer(roster, complaints)) {
      out.add(
          DkgAnswer.sign(
              index, a.recipient(), dealing, a.value().add(Fr.of(java.math.BigInteger.TWO)), key));
    }
    if (out.isEmpty()) {
      throw new VetKdException(Reason.INVALID_ARGUMENT, "no complaint to answer");
    }
    return out;
  }

  @Override
  public String toString() {
    return "DkgDealer[" + index + ", polynomial redacted]";
  }
}
