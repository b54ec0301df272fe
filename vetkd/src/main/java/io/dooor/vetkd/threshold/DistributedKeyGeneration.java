package io.dooor.vetkd.threshold;

import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdException.Reason;
import io.dooor.vetkd.internal.Fr;
import io.dooor.vetkd.internal.G2Point;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Distributed key generation among the n holders of a {@link DkgRoster} (Pedersen's DKG with the
 * GJKR complaint round, the way {@link DistributedResharing} runs it): the master key is born as
 * shares and never exists in one place.
 *
 * <p>Each holder i deals a random secret z_i ({@link DkgDealing}); each holder j checks every
 * dealing's public bytes (roster, signature), decrypts its own sub-share from each and checks it
 * against the commitments. A holder whose sub-share fails complains ({@link ReshareComplaint},
 * signed with its roster key); the accused dealer answers by revealing that sub-share ({@link
 * DkgAnswer}); a complaint without a valid answer disqualifies the dealer. Every step after the
 * dealing looks only at broadcast bytes, so every honest holder given the same broadcast computes
 * the same qualified set Q, the same threshold public key C_k = Σ_{i∈Q} A_ik (C_0 the master public
 * key) and its own share sk_j = Σ_{i∈Q} f_i(j). Q must hold at least t dealers, so that with fewer
 * than t corrupt holders at least one honest secret is in the sum.
 *
 * <p>Known limit (GJKR §3): with Feldman commitments published in the first round, a rushing
 * adversary can bias the distribution of the public key (not learn the secret); vetKD's security
 * does not rely on a uniform key, as for threshold BLS.
 */
public final class DistributedKeyGeneration {
  private DistributedKeyGeneration() {}

  /** What a holder's run ends in: its share, or a complaint. */
  public sealed interface Outcome permits Received, Complained {}

  /**
   * Holder {@code share.index()}'s share, the threshold public key, the qualified dealers, the
   * dealings rejected on their public bytes, the dealers disqualified by unanswered complaints and
   * the refused answers and complaints (each with why).
   */
  public record Received(
      KeyShare share,
      ThresholdPublicKey publicKey,
      List<Integer> qualified,
      Map<Integer, String> rejected,
      Map<Integer, String> disqualified,
      List<String> refused)
      implements Outcome {
    public Received {
      qualified = List.copyOf(qualified);
      rejected = Map.copyOf(rejected);
      disqualified = Map.copyOf(disqualified);
      refused = List.copyOf(refused);
    }
  }

  /** This holder's sub-share from some dealers failed: the complaint to broadcast. */
  public record Complained(ReshareComplaint complaint) implements Outcome {}

  /** Holder {@code index}'s dealing (signed with {@code key}, its key in the roster). */
  public static DkgDealing.Dealt deal(
      DkgRoster roster, int index, ReshareRecipientKey key, SecureRandom rng)
      throws VetKdException {
    return DkgDealing.deal(roster, index, key, rng);
  }

  /**
   * Run by holder {@code index} with its key, every holder given the same dealings, complaints and
   * answers.
   *
   * @throws VetKdException {@link Reason#DEALING_INVALID} naming every rejected and disqualified
   *     dealer if fewer than t qualified dealings remain; {@link Reason#INVALID_ARGUMENT} if {@code
   *     key} is not holder {@code index}'s in the roster
   */
  public static Outcome receive(
      DkgRoster roster,
      int index,
      ReshareRecipientKey key,
      List<DkgDealing> dealings,
      List<ReshareComplaint> complaints,
      List<DkgAnswer> answers)
      throws VetKdException {
    if (index < 1 || index > roster.holders() || !roster.key(index).equals(key.publicKey())) {
      throw new VetKdException(
          Reason.INVALID_ARGUMENT, "this key is not holder " + index + "'s in the roster");
    }
    Map<Integer, String> rejected = new TreeMap<>();
    Map<Integer, DkgDealing> valid = publiclyValid(roster, dealings, rejected);
    List<String> refused = new ArrayList<>();
    Map<Integer, Map<Integer, String>> accused = accusations(roster, valid, complaints, refused);
    Map<List<Integer>, Fr> revealed = new HashMap<>();
    for (DkgAnswer a : answers) {
      DkgDealing d = valid.get(a.dealer());
      String problem = d == null ? "is for a dealing that is not valid" : a.problem(roster, d);
      if (problem == null
          && !accused.getOrDefault(a.dealer(), Map.of()).containsKey(a.recipient())) {
        problem = "answers no complaint";
      }
      if (problem != null) {
        refused.add(
            "answer of holder " + a.dealer() + " for holder " + a.recipient() + " " + problem);
      } else {
        revealed.put(List.of(a.dealer(), a.recipient()), a.value());
      }
    }
    Map<Integer, String> disqualified = new TreeMap<>();
    accused.forEach(
        (dealer, byHolder) ->
            byHolder.forEach(
                (j, why) -> {
                  if (!revealed.containsKey(List.of(dealer, j))) {
                    disqualified.putIfAbsent(
                        dealer, "complaint of holder " + j + " (" + why + ") has no valid answer");
                  }
                }));
    List<DkgDealing> qualified = new ArrayList<>();
    valid.values().stream()
        .filter(d -> !disqualified.containsKey(d.dealer()))
        .forEach(qualified::add);
    if (qualified.size() < roster.threshold()) {
      throw new VetKdException(
          Reason.DEALING_INVALID,
          "need "
              + roster.threshold()
              + " qualified dealings, got "
              + qualified.size()
              + (rejected.isEmpty() ? "" : "; rejected " + rejected)
              + (disqualified.isEmpty() ? "" : "; disqualified " + disqualified));
    }
    return combine(roster, index, key, qualified, revealed, rejected, disqualified, refused);
  }

  private static Outcome combine(
      DkgRoster roster,
      int index,
      ReshareRecipientKey key,
      List<DkgDealing> qualified,
      Map<List<Integer>, Fr> revealed,
      Map<Integer, String> rejected,
      Map<Integer, String> disqualified,
      List<String> refused)
      throws VetKdException {
    List<ReshareComplaint.Accusation> mine = new ArrayList<>();
    Fr s = Fr.zero();
    for (DkgDealing d : qualified) {
      Fr shown = revealed.get(List.of(d.dealer(), index));
      try {
        s = s.add(shown != null ? shown : d.open(index, key));
      } catch (VetKdException e) {
        mine.add(
            new ReshareComplaint.Accusation(d.dealer(), d.digest(), ReshareComplaint.strip(e)));
      }
    }
    if (!mine.isEmpty()) {
      return new Complained(ReshareComplaint.of(index, mine, key));
    }
    List<G2Point> commitments = new ArrayList<>();
    for (int k = 0; k < roster.threshold(); k++) {
      G2Point c = G2Point.identity();
      for (DkgDealing d : qualified) {
        c = c.add(d.commitments().get(k));
      }
      commitments.add(c);
    }
    ThresholdPublicKey pk =
        ThresholdPublicKey.of(roster.threshold(), roster.holders(), commitments);
    List<Integer> dealers = qualified.stream().map(DkgDealing::dealer).toList();
    return new Received(KeyShare.of(index, s, pk), pk, dealers, rejected, disqualified, refused);
  }

  /**
   * The dealings valid on their public bytes, by dealer; the others go into {@code rejected}. A
   * dealer with two different signed dealings equivocated and is rejected; the same dealing twice
   * counts once. Depends only on the set of dealings, not their order.
   */
  private static Map<Integer, DkgDealing> publiclyValid(
      DkgRoster roster, List<DkgDealing> dealings, Map<Integer, String> rejected) {
    Map<Integer, DkgDealing> valid = new TreeMap<>();
    Map<Integer, String> problems = new TreeMap<>();
    for (DkgDealing d : dealings) {
      String problem = d.publicProblem(roster);
      if (problem != null) {
        problems.putIfAbsent(d.dealer(), problem);
        continue;
      }
      DkgDealing prev = valid.putIfAbsent(d.dealer(), d);
      if (prev != null && !prev.digest().equals(d.digest())) {
        rejected.put(d.dealer(), "dealt twice (two different signed dealings)");
      }
    }
    rejected.keySet().forEach(valid::remove);
    problems.forEach(
        (dealer, why) -> {
          if (!valid.containsKey(dealer)) {
            rejected.putIfAbsent(dealer, why);
          }
        });
    return valid;
  }

  /**
   * Counted complaints: dealer -> complaining holder -> reason. A complaint counts only if signed
   * with its holder's roster key and naming the valid dealing of the accused; others go to {@code
   * refused} and disqualify nobody.
   */
  private static Map<Integer, Map<Integer, String>> accusations(
      DkgRoster roster,
      Map<Integer, DkgDealing> valid,
      List<ReshareComplaint> complaints,
      List<String> refused) {
    Map<Integer, Map<Integer, String>> accused = new TreeMap<>();
    for (ReshareComplaint c : complaints) {
      int j = c.recipient();
      String unsigned =
          j > roster.holders() ? "is from outside the roster" : c.signatureProblem(roster.key(j));
      if (unsigned != null) {
        refused.add("complaint of holder " + j + " " + unsigned);
        continue;
      }
      for (ReshareComplaint.Accusation a : c.accusations()) {
        DkgDealing d = valid.get(a.dealer());
        if (d == null || !d.digest().equals(a.dealingDigest())) {
          refused.add(
              "complaint of holder " + j + " against " + a.dealer() + " names no valid dealing");
          continue;
        }
        accused.computeIfAbsent(a.dealer(), x -> new TreeMap<>()).putIfAbsent(j, a.reason());
      }
    }
    return accused;
  }
}
