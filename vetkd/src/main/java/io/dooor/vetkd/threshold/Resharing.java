package io.dooor.vetkd.threshold;

import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdException.Reason;
import io.dooor.vetkd.internal.Fr;
import io.dooor.vetkd.internal.G2Point;
import io.dooor.vetkd.internal.Lagrange;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Proactive resharing to a new t'/n' without changing the master public key (the path to adding,
 * replacing or removing holders). Each old holder i deals its own share sk_i with a fresh Feldman
 * sharing of degree t'-1; a dealing is accepted only if its constant-term commitment equals the
 * dealer's public key share PK_i. New holder j's share is sk'_j = Σ_i λ_i·f_i(j) over t_old
 * accepted dealers, and the new commitments are C'_k = Σ_i λ_i·A_ik, so C'_0 = Σ λ_i·PK_i = MPK.
 * Old shares are useless against the new polynomial once discarded.
 */
public final class Resharing {
  private Resharing() {}

  /** One old holder's contribution: a dealing of its share for n' new holders. */
  public static final class ResharingDealing {
    private final int dealer;
    private final Dealing dealing;

    private ResharingDealing(int dealer, Dealing dealing) {
      this.dealer = dealer;
      this.dealing = dealing;
    }

    public int dealer() {
      return dealer;
    }
  }

  /** The new public key and the new holders' shares (indices 1..n'). */
  public record Result(ThresholdPublicKey publicKey, List<KeyShare> shares) {
    public Result {
      shares = List.copyOf(shares);
    }
  }

  /** Run by old holder {@code share.index()}. */
  public static ResharingDealing deal(
      KeyShare share, int newThreshold, int newHolders, SecureRandom rng) throws VetKdException {
    ThresholdPublicKey.checkShape(newThreshold, newHolders);
    return new ResharingDealing(
        share.index(), Dealing.create(share.secret(), newThreshold, newHolders, rng));
  }

  /** Test hook: a dealing of an arbitrary secret under a dealer's name (a cheating dealer). */
  static ResharingDealing dealAs(int dealer, Fr secret, int t, int n, SecureRandom rng) {
    return new ResharingDealing(dealer, Dealing.create(secret, t, n, rng));
  }

  /**
   * Verifies the dealings against the old public key, drops (and names) the invalid ones, and
   * combines t_old valid ones into the new sharing.
   *
   * @throws VetKdException {@link Reason#DEALING_INVALID} if fewer than t_old dealings are valid
   */
  public static Result combine(
      ThresholdPublicKey old, int newThreshold, int newHolders, List<ResharingDealing> dealings)
      throws VetKdException {
    ThresholdPublicKey.checkShape(newThreshold, newHolders);
    Map<Integer, String> rejected = new TreeMap<>();
    List<ResharingDealing> valid = new ArrayList<>();
    for (ResharingDealing d : dealings) {
      String problem = problem(old, newThreshold, newHolders, d, valid);
      if (problem == null) {
        valid.add(d);
      } else {
        rejected.put(d.dealer, problem);
      }
    }
    if (valid.size() < old.threshold()) {
      throw new VetKdException(
          Reason.DEALING_INVALID,
          "need "
              + old.threshold()
              + " valid dealings, got "
              + valid.size()
              + "; rejected "
              + rejected);
    }
    return assemble(old, newThreshold, newHolders, valid.subList(0, old.threshold()));
  }

  private static String problem(
      ThresholdPublicKey old, int t, int n, ResharingDealing d, List<ResharingDealing> accepted) {
    if (d.dealer < 1 || d.dealer > old.holders()) {
      return "dealer index out of range";
    }
    if (accepted.stream().anyMatch(a -> a.dealer == d.dealer)) {
      return "dealt twice";
    }
    if (d.dealing.commitments().size() != t) {
      return "dealing has the wrong threshold";
    }
    if (!d.dealing.commitments().get(0).equals(old.publicKeyShare(d.dealer))) {
      return "dealing does not share the dealer's key share";
    }
    for (int j = 1; j <= n; j++) {
      try {
        d.dealing.verifyShare(j);
      } catch (VetKdException e) {
        return e.getMessage();
      }
    }
    return null;
  }

  private static Result assemble(
      ThresholdPublicKey old, int t, int n, List<ResharingDealing> chosen) throws VetKdException {
    int[] xs = chosen.stream().mapToInt(ResharingDealing::dealer).toArray();
    Fr[] lambda = Lagrange.atZero(xs);
    ThresholdPublicKey pk =
        newPublicKey(old, t, n, lambda, chosen.stream().map(d -> d.dealing.commitments()).toList());
    List<KeyShare> shares = new ArrayList<>();
    for (int j = 1; j <= n; j++) {
      Fr s = Fr.zero();
      for (int i = 0; i < xs.length; i++) {
        s = s.add(lambda[i].mul(chosen.get(i).dealing.verifyShare(j)));
      }
      shares.add(KeyShare.of(j, s, pk));
    }
    return new Result(pk, shares);
  }

  /**
   * The new threshold public key C'_k = Σ_i λ_i·A_ik over the chosen dealers' commitments (λ at
   * zero over the dealers' old indices), refused unless its master public key is the old one.
   */
  static ThresholdPublicKey newPublicKey(
      ThresholdPublicKey old, int t, int n, Fr[] lambda, List<List<G2Point>> dealt)
      throws VetKdException {
    List<G2Point> commitments = new ArrayList<>();
    for (int k = 0; k < t; k++) {
      G2Point c = G2Point.identity();
      for (int i = 0; i < lambda.length; i++) {
        c = c.add(dealt.get(i).get(k).mul(lambda[i]));
      }
      commitments.add(c);
    }
    ThresholdPublicKey pk = ThresholdPublicKey.of(t, n, commitments);
    if (!pk.masterPublicKey().equals(old.masterPublicKey())) {
      throw new VetKdException(Reason.DEALING_INVALID, "resharing changed the master public key");
    }
    return pk;
  }
}
