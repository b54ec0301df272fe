package io.dooor.vetkd.threshold;

import io.dooor.common.Bytes;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdException.Reason;
import io.dooor.vetkd.internal.Fr;
import io.dooor.vetkd.internal.Lagrange;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The new holder's side of a distributed proactive resharing ({@link Resharing} split across
 * processes), with a GJKR-style complaint round so that every new holder ends on the same dealers.
 *
 * <p>New holder j checks every dealing against the old threshold public key: signed with the
 * dealer's key share, A_i0 equal to the dealer's public key share PK_i, the same t'/n' as the
 * others. These checks see only public bytes, so every new holder given the same files rejects the
 * same dealings; and the dealings must record the same new holder public keys (those most of them
 * record win). Then come the complaints and answers, also public: a complaint counts only if signed
 * by the new holder it is from, with the Ed25519 key the accused dealing records for it (others are
 * refused and reported, and disqualify nobody); a counted complaint of any new holder against a
 * dealer is resolved only by a valid {@link ReshareAnswer} revealing that holder's sub-share;
 * otherwise the dealer is disqualified, for every new holder alike. Of the remaining (qualified)
 * dealings, j decrypts its own sub-share from each (or takes the revealed one) and checks it
 * against the commitments; if any fails, j writes no share but a {@link ReshareComplaint} ({@link
 * Complained}) that the operator takes to the dealers, and the round runs again with every new
 * holder given all complaints and answers. Otherwise j takes the t_old qualified dealings of the
 * lowest dealer indices and computes only its own share sk'_j = Σ λ_i·f_i(j) and the new
 * commitments C'_k = Σ λ_i·A_ik (C'_0 = Σ λ_i·PK_i = the unchanged master public key). Every new
 * holder thus uses the same dealers and computes the same new threshold public key; comparing its
 * digest across the new holders shows that they agree.
 */
public final class DistributedResharing {
  private DistributedResharing() {}

  /** What a new holder's run ends in: its share, or a complaint. */
  public sealed interface Outcome permits Received, Complained {}

  /**
   * New holder {@code share.index()}'s share, the new public key, the dealers used, the dealings
   * rejected on their public bytes, the dealers disqualified by unanswered complaints, the answers
   * refused and the complaints refused (each with why; a refused complaint disqualifies nobody).
   */
  public record Received(
      KeyShare share,
      ThresholdPublicKey publicKey,
      List<Integer> dealersUsed,
      Map<Integer, String> rejected,
      Map<Integer, String> disqualified,
      List<String> refusedAnswers,
      List<String> refusedComplaints)
      implements Outcome {
    public Received {
      dealersUsed = List.copyOf(dealersUsed);
      rejected = Map.copyOf(rejected);
      disqualified = Map.copyOf(disqualified);
      refusedAnswers = List.copyOf(refusedAnswers);
      refusedComplaints = List.copyOf(refusedComplaints);
    }
  }

  /** This new holder's sub-share from some qualified dealers failed: the complaint to answer. */
  public record Complained(ReshareComplaint complaint) implements Outcome {}

  /**
   * Run by new holder {@code index} with no complaints or answers yet.
   *
   * @throws VetKdException {@link Reason#DEALING_INVALID} naming every rejected dealer if fewer
   *     than t_old dealings are valid, or naming the dealers this holder must complain against
   */
  public static Received receive(
      ThresholdPublicKey old, int index, ReshareRecipientKey key, List<ReshareDealing> dealings)
      throws VetKdException {
    Outcome o = receive(old, index, key, dealings, List.of(), List.of());
    if (o instanceof Complained c) {
      StringBuilder why = new StringBuilder();
      for (ReshareComplaint.Accusation a : c.complaint().accusations()) {
        why.append(why.length() == 0 ? "" : ", ").append(a.dealer()).append('=').append(a.reason());
      }
      throw new VetKdException(
          Reason.DEALING_INVALID,
          "new holder " + index + " must complain against old holders {" + why + "}");
    }
    return (Received) o;
  }

  /**
   * Run by new holder {@code index} with its recipient key, every new holder given the same
   * dealings, complaints and answers.
   *
   * @param old the deployment's (old) threshold public key, from a trusted source
   * @throws VetKdException {@link Reason#DEALING_INVALID} naming every rejected and disqualified
   *     dealer if fewer than t_old qualified dealings remain; {@link Reason#INVALID_ARGUMENT} if a
   *     signed complaint is about a dealing that was not given (the files do not belong together),
   *     or if the dealings record another public key for new holder {@code index} than {@code
   *     key}'s (its complaints could not verify)
   */
  public static Outcome receive(
      ThresholdPublicKey old,
      int index,
      ReshareRecipientKey key,
      List<ReshareDealing> dealings,
      List<ReshareComplaint> complaints,
      List<ReshareAnswer> answers)
      throws VetKdException {
    Map<Integer, String> rejected = new TreeMap<>();
    List<ReshareDealing> valid = publiclyValid(old, dealings, rejected);
    Map<Integer, ReshareDealing> byDealer = new TreeMap<>();
    valid.forEach(d -> byDealer.put(d.dealer(), d));
    int n = valid.isEmpty() ? -1 : valid.get(0).newHolders();
    if (n >= 0 && (index < 1 || index > n)) {
      throw new VetKdException(
          Reason.INVALID_ARGUMENT, "new holder index " + index + " is outside 1.." + n);
    }

    if (n >= 0) {
      Bytes mine = valid.get(0).recipients().get(index).publicKey();
      if (!MessageDigest.isEqual(mine.toArray(), key.publicKey().toArray())) {
        throw new VetKdException(
            Reason.INVALID_ARGUMENT,
            "the dealings record another public key for new holder "
                + index
                + " than this holder's ("
                + mine.hex()
                + "): was the wrong --recipient "
                + index
                + "=... given to the dealers, or is this not new holder "
                + index
                + "'s key?");
      }
    }

    // complaints: dealer -> complaining new holder -> accusation; unsigned ones refused
    Map<Integer, Map<Integer, ReshareComplaint.Accusation>> accused = new TreeMap<>();
    List<String> refusedComplaints = new ArrayList<>();
    for (ReshareComplaint c : n < 0 ? List.<ReshareComplaint>of() : complaints) {
      if (c.recipient() > n) {
        refusedComplaints.add(
            "complaint of new holder "
                + c.recipient()
                + " against old holders "
                + c.dealers()
                + " is from outside the new holders 1.."
                + n);
        continue;
      }
      for (ReshareComplaint.Accusation a : c.accusations()) {
        ReshareDealing d = byDealer.get(a.dealer());
        if (d == null && rejected.containsKey(a.dealer())) {
          continue; // the dealing is rejected for everyone anyway
        }
        // every valid dealing records the same keys (publiclyValid), so a dealing that was not
        // given would record the same one as the first
        ReshareDealing recording = d == null ? valid.get(0) : d;
        String unsigned = c.signatureProblem(recording.recipients().get(c.recipient()).publicKey());
        if (unsigned != null) {
          refusedComplaints.add(
              "complaint of new holder "
                  + c.recipient()
                  + " against old holder "
                  + a.dealer()
                  + " "
                  + unsigned);
          continue;
        }
        if (d == null) {
          throw new VetKdException(
              Reason.INVALID_ARGUMENT,
              "the complaint of new holder "
                  + c.recipient()
                  + " is against old holder "
                  + a.dealer()
                  + ", whose dealing was not given");
        }
        if (!a.dealingDigest().equals(d.digest())) {
          throw new VetKdException(
              Reason.INVALID_ARGUMENT,
              "the complaint of new holder "
                  + c.recipient()
                  + " against old holder "
                  + a.dealer()
                  + " names dealing "
                  + a.dealingDigest().hex()
                  + ", the dealing given is "
                  + d.digest().hex());
        }
        accused.computeIfAbsent(a.dealer(), x -> new TreeMap<>()).putIfAbsent(c.recipient(), a);
      }
    }

    // answers: the same checks at every new holder
    Map<List<Integer>, Fr> revealed = new java.util.HashMap<>();
    Map<List<Integer>, String> refusedFor = new java.util.HashMap<>();
    List<String> refusedAnswers = new ArrayList<>();
    for (ReshareAnswer a : answers) {
      ReshareDealing d = byDealer.get(a.dealer());
      String problem =
          d == null
              ? "is for old holder " + a.dealer() + ", whose dealing is not valid"
              : a.problem(d);
      List<Integer> at = List.of(a.dealer(), a.recipient());
      if (problem == null
          && !accused.getOrDefault(a.dealer(), Map.of()).containsKey(a.recipient())) {
        problem = "answers no complaint (new holder " + a.recipient() + " did not complain)";
      }
      if (problem != null) {
        String line =
            "answer of old holder "
                + a.dealer()
                + " for new holder "
                + a.recipient()
                + " "
                + problem;
        refusedAnswers.add(line);
        refusedFor.putIfAbsent(at, problem);
        continue;
      }
      revealed.put(at, a.value());
    }

    Map<Integer, String> disqualified = new TreeMap<>();
    accused.forEach(
        (dealer, byRecipient) -> {
          for (Map.Entry<Integer, ReshareComplaint.Accusation> e : byRecipient.entrySet()) {
            List<Integer> at = List.of(dealer, e.getKey());
            if (!revealed.containsKey(at)) {
              String refused = refusedFor.get(at);
              disqualified.put(
                  dealer,
                  "complaint of new holder "
                      + e.getKey()
                      + " ("
                      + e.getValue().reason()
                      + ") "
                      + (refused == null ? "has no answer" : "has no valid answer: it " + refused));
              return;
            }
          }
        });

    List<ReshareDealing> qualified = new ArrayList<>();
    valid.stream().filter(d -> !disqualified.containsKey(d.dealer())).forEach(qualified::add);
    if (qualified.size() < old.threshold()) {
      throw new VetKdException(
          Reason.DEALING_INVALID,
          "need "
              + old.threshold()
              + " valid dealings, got "
              + qualified.size()
              + (rejected.isEmpty() ? "" : "; rejected " + rejected)
              + (disqualified.isEmpty() ? "" : "; disqualified " + disqualified));
    }

    // this holder's own sub-shares from every qualified dealer
    List<ReshareComplaint.Accusation> mine = new ArrayList<>();
    List<Fr> subShares = new ArrayList<>();
    for (ReshareDealing d : qualified) {
      Fr shown = revealed.get(List.of(d.dealer(), index));
      if (shown != null) {
        subShares.add(shown);
        continue;
      }
      try {
        subShares.add(d.openSubShare(index, key));
      } catch (VetKdException e) {
        mine.add(
            new ReshareComplaint.Accusation(d.dealer(), d.digest(), ReshareComplaint.strip(e)));
      }
    }
    if (!mine.isEmpty()) {
      return new Complained(ReshareComplaint.of(index, mine, key));
    }

    List<ReshareDealing> chosen = qualified.subList(0, old.threshold());
    int[] xs = chosen.stream().mapToInt(ReshareDealing::dealer).toArray();
    Fr[] lambda = Lagrange.atZero(xs);
    ReshareDealing first = chosen.get(0);
    ThresholdPublicKey pk =
        Resharing.newPublicKey(
            old,
            first.newThreshold(),
            first.newHolders(),
            lambda,
            chosen.stream().map(ReshareDealing::commitments).toList());
    Fr s = Fr.zero();
    for (int i = 0; i < xs.length; i++) {
      s = s.add(lambda[i].mul(subShares.get(i)));
    }
    List<Integer> used = new ArrayList<>();
    for (int x : xs) {
      used.add(x);
    }
    return new Received(
        KeyShare.of(index, s, pk),
        pk,
        used,
        rejected,
        disqualified,
        refusedAnswers,
        refusedComplaints);
  }

  /**
   * The dealings that pass the checks on their public bytes, by increasing dealer; the others go
   * into {@code rejected} with why. The result depends only on the set of dealings, not on their
   * order: a dealer with two different signed dealings is rejected (it equivocated), the same
   * dealing given twice counts once, and t'/n' must be those of the lowest valid dealer.
   */
  private static List<ReshareDealing> publiclyValid(
      ThresholdPublicKey old, List<ReshareDealing> dealings, Map<Integer, String> rejected) {
    List<ReshareDealing> sorted = new ArrayList<>(dealings);
    sorted.sort(Comparator.comparingInt(ReshareDealing::dealer));
    Map<Integer, ReshareDealing> signed = new TreeMap<>();
    Map<Integer, String> twice = new TreeMap<>();
    for (ReshareDealing d : sorted) {
      String problem = publicProblem(old, d);
      if (problem != null) {
        rejected.putIfAbsent(d.dealer(), problem);
        continue;
      }
      ReshareDealing prev = signed.get(d.dealer());
      if (prev != null && !prev.digest().equals(d.digest())) {
        twice.put(d.dealer(), "dealt twice (two different signed dealings)");
      }
      signed.putIfAbsent(d.dealer(), d);
    }
    twice.keySet().forEach(signed::remove);
    signed.keySet().forEach(rejected::remove);
    rejected.putAll(twice);
    List<ReshareDealing> valid = new ArrayList<>();
    for (ReshareDealing d : signed.values()) {
      if (!valid.isEmpty()
          && (d.newThreshold() != valid.get(0).newThreshold()
              || d.newHolders() != valid.get(0).newHolders())) {
        rejected.put(
            d.dealer(),
            "deals to t'="
                + d.newThreshold()
                + " n'="
                + d.newHolders()
                + ", the other dealings to t'="
                + valid.get(0).newThreshold()
                + " n'="
                + valid.get(0).newHolders());
        continue;
      }
      valid.add(d);
    }
    return agreeingOnKeys(valid, rejected);
  }

  /**
   * Keeps the dealings that record the new holders' public keys most dealings record (ties: the
   * lowest dealer's); the others go into {@code rejected}. Honest dealers record the keys the
   * operator gave them, so under the threshold assumption (fewer than t_old dishonest, at least
   * t_old honest dealings) theirs win. Without this, a dealer could record another Ed25519 key for
   * new holder j than j's: j's genuine complaint would not verify under it and the dealer would
   * escape disqualification.
   */
  private static List<ReshareDealing> agreeingOnKeys(
      List<ReshareDealing> valid, Map<Integer, String> rejected) {
    Map<List<Bytes>, List<Integer>> byKeys = new java.util.LinkedHashMap<>();
    valid.forEach(
        d -> byKeys.computeIfAbsent(d.recipientKeys(), k -> new ArrayList<>()).add(d.dealer()));
    List<Integer> agreed = List.of();
    for (List<Integer> dealers : byKeys.values()) {
      if (dealers.size() > agreed.size()) {
        agreed = dealers;
      }
    }
    List<ReshareDealing> out = new ArrayList<>();
    for (ReshareDealing d : valid) {
      if (agreed.contains(d.dealer())) {
        out.add(d);
      } else {
        rejected.put(
            d.dealer(),
            "records other new holder public keys than the dealings of old holders " + agreed);
      }
    }
    return out;
  }

  private static String publicProblem(ThresholdPublicKey old, ReshareDealing d) {
    if (!d.oldPublicKey().equals(old)) {
      return "deals a share of another threshold public key";
    }
    String unsigned = d.signatureProblem();
    if (unsigned != null) {
      return unsigned;
    }
    if (!d.commitments().get(0).equals(old.publicKeyShare(d.dealer()))) {
      return "does not deal the dealer's key share (A_0 is not PK_" + d.dealer() + ")";
    }
    return null;
  }
}
