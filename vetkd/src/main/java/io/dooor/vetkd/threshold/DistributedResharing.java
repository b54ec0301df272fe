package io.dooor.vetkd.threshold;

import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdException.Reason;
import io.dooor.vetkd.internal.Fr;
import io.dooor.vetkd.internal.Lagrange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The new holder's side of a distributed proactive resharing ({@link Resharing} split across
 * processes): from the old holders' {@link ReshareDealing}s, new holder j checks every dealing
 * against the old threshold public key (signed with the dealer's key share, A_i0 must be the
 * dealer's public key share PK_i, its own sub-share must fit the commitments), takes the t_old
 * valid dealings of the lowest dealer indices, and computes only its own share sk'_j = Σ λ_i·f_i(j)
 * and the new commitments C'_k = Σ λ_i·A_ik (C'_0 = Σ λ_i·PK_i = the unchanged master public key).
 * Every new holder that uses the same dealings computes the same new threshold public key;
 * comparing it (its bytes or digest) across the new holders shows that they agree.
 */
public final class DistributedResharing {
  private DistributedResharing() {}

  /** New holder {@code share.index()}'s share, the new public key, and what was used. */
  public record Received(
      KeyShare share,
      ThresholdPublicKey publicKey,
      List<Integer> dealersUsed,
      Map<Integer, String> rejected) {
    public Received {
      dealersUsed = List.copyOf(dealersUsed);
      rejected = Map.copyOf(rejected);
    }
  }

  /**
   * Run by new holder {@code index} with its recipient key.
   *
   * @param old the deployment's (old) threshold public key, from a trusted source
   * @throws VetKdException {@link Reason#DEALING_INVALID} naming every rejected dealer if fewer
   *     than t_old dealings are valid
   */
  public static Received receive(
      ThresholdPublicKey old, int index, ReshareRecipientKey key, List<ReshareDealing> dealings)
      throws VetKdException {
    Map<Integer, String> rejected = new TreeMap<>();
    List<ReshareDealing> sorted = new ArrayList<>(dealings);
    sorted.sort(Comparator.comparingInt(ReshareDealing::dealer));
    List<ReshareDealing> valid = new ArrayList<>();
    List<Fr> subShares = new ArrayList<>();
    int t = -1;
    int n = -1;
    for (ReshareDealing d : sorted) {
      if (valid.stream().anyMatch(v -> v.dealer() == d.dealer())) {
        rejected.put(d.dealer(), "dealt twice");
        continue;
      }
      if (!d.oldPublicKey().equals(old)) {
        rejected.put(d.dealer(), "deals a share of another threshold public key");
        continue;
      }
      String unsigned = d.signatureProblem();
      if (unsigned != null) {
        rejected.put(d.dealer(), unsigned);
        continue;
      }
      if (!d.commitments().get(0).equals(old.publicKeyShare(d.dealer()))) {
        rejected.put(
            d.dealer(), "does not deal the dealer's key share (A_0 is not PK_" + d.dealer() + ")");
        continue;
      }
      if (t >= 0 && (d.newThreshold() != t || d.newHolders() != n)) {
        rejected.put(
            d.dealer(),
            "deals to t'="
                + d.newThreshold()
                + " n'="
                + d.newHolders()
                + ", the other dealings to t'="
                + t
                + " n'="
                + n);
        continue;
      }
      if (index < 1 || index > d.newHolders()) {
        throw new VetKdException(
            Reason.INVALID_ARGUMENT,
            "new holder index " + index + " is outside 1.." + d.newHolders());
      }
      Fr sub;
      try {
        sub = d.openSubShare(index, key);
      } catch (VetKdException e) {
        String prefix = e.reason() + ": ";
        String why = e.getMessage();
        rejected.put(d.dealer(), why.startsWith(prefix) ? why.substring(prefix.length()) : why);
        continue;
      }
      t = d.newThreshold();
      n = d.newHolders();
      valid.add(d);
      subShares.add(sub);
    }
    if (valid.size() < old.threshold()) {
      throw new VetKdException(
          Reason.DEALING_INVALID,
          "need "
              + old.threshold()
              + " valid dealings, got "
              + valid.size()
              + (rejected.isEmpty() ? "" : "; rejected " + rejected));
    }
    List<ReshareDealing> chosen = valid.subList(0, old.threshold());
    int[] xs = chosen.stream().mapToInt(ReshareDealing::dealer).toArray();
    Fr[] lambda = Lagrange.atZero(xs);
    ThresholdPublicKey pk =
        Resharing.newPublicKey(
            old, t, n, lambda, chosen.stream().map(ReshareDealing::commitments).toList());
    Fr s = Fr.zero();
    for (int i = 0; i < xs.length; i++) {
      s = s.add(lambda[i].mul(subShares.get(i)));
    }
    List<Integer> used = new ArrayList<>();
    for (int x : xs) {
      used.add(x);
    }
    return new Received(KeyShare.of(index, s, pk), pk, used, rejected);
  }
}
