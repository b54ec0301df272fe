package io.dooor.vetkd.threshold;

import io.dooor.common.Bytes;
import io.dooor.common.Digests;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdException.Reason;
import io.dooor.vetkd.internal.Fr;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;

/**
 * What an old holder keeps after dealing ({@code reshare-deal --state-out}) so that it can answer a
 * complaint against its dealing ({@link ReshareAnswer}): the higher coefficients a_1..a_{t'-1} of
 * its dealing polynomial f_i, bound to the dealing's digest, and the new holders' public keys the
 * dealing records (a complaint must be signed with the Ed25519 one of its holder). The constant
 * term a_0 = sk_i is not stored: the dealer takes it from its sealed key share when it answers, so
 * f_i(j) = sk_i + Σ_k a_k·j^k.
 *
 * <p>Why a stored polynomial rather than one derived from a seed: the coefficients are fresh
 * SecureRandom output, exactly as for a dealing without complaints, and keeping them costs
 * (t'-1)·32 bytes; a derivation would need a seed kept just as secretly and would make every
 * dealing of one seed the same polynomial. The state is as secret as the key share (with sk_i it
 * gives every sub-share), so it only ever exists sealed: {@link #seal} encrypts it with AES-256-GCM
 * under the dealer's sealing key, the header as associated data.
 *
 * <p>Sealed form: "DVKS" || version 2 || u16 dealer || 32-byte dealing digest || 32-byte SHA-256 of
 * the old threshold public key || u16 t' || u16 n' || n' × 64-byte new holder public key (X25519 ||
 * Ed25519, public, authenticated as associated data) || nonce (12) || AES-256-GCM((t'-1) × 32-byte
 * coefficients) || tag (16). (Version 1 had no holder keys and is refused.)
 */
public final class ReshareDealerState {
  private static final String MAGIC = "DVKS";
  private static final int VERSION = 2;
  private static final String WHAT = "sealed resharing dealer state";

  private final int dealer;
  private final Bytes dealingDigest;
  private final Bytes oldKeyDigest;
  private final int newThreshold;
  private final List<Bytes> recipientKeys;
  private final List<Fr> higher;

  private ReshareDealerState(
      int dealer,
      Bytes dealingDigest,
      Bytes oldKeyDigest,
      int newThreshold,
      List<Bytes> recipientKeys,
      List<Fr> higher) {
    this.dealer = dealer;
    this.dealingDigest = dealingDigest;
    this.oldKeyDigest = oldKeyDigest;
    this.newThreshold = newThreshold;
    this.recipientKeys = List.copyOf(recipientKeys);
    this.higher = List.copyOf(higher);
  }

  static ReshareDealerState of(
      int dealer,
      Bytes dealingDigest,
      ThresholdPublicKey oldKey,
      int newThreshold,
      List<Bytes> recipientKeys,
      List<Fr> higher) {
    return new ReshareDealerState(
        dealer,
        dealingDigest,
        Digests.sha256(oldKey.toBytes().toArray()),
        newThreshold,
        recipientKeys,
        higher);
  }

  /** The old holder that dealt. */
  public int dealer() {
    return dealer;
  }

  /** The digest of the dealing this state belongs to ({@link ReshareDealing#digest}). */
  public Bytes dealingDigest() {
    return dealingDigest;
  }

  /** The state encrypted under {@code source}'s key; the only form it is ever written in. */
  public Bytes seal(SealingKeySource source, SecureRandom rng) throws VetKdException {
    byte[] header = header(dealer, dealingDigest, oldKeyDigest, newThreshold, recipientKeys);
    byte[] plain = new byte[higher.size() * Fr.BYTES];
    for (int k = 0; k < higher.size(); k++) {
      System.arraycopy(higher.get(k).toBigEndian(), 0, plain, k * Fr.BYTES, Fr.BYTES);
    }
    byte[] nonce = new byte[12];
    rng.nextBytes(nonce);
    byte[] ct;
    try {
      ct = KeyShareSealer.crypt(source, WHAT, Cipher.ENCRYPT_MODE, nonce, header, plain);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
    byte[] out = Arrays.copyOf(header, header.length + nonce.length + ct.length);
    System.arraycopy(nonce, 0, out, header.length, nonce.length);
    System.arraycopy(ct, 0, out, header.length + nonce.length, ct.length);
    return Bytes.of(out);
  }

  /** Reads what {@link #seal} wrote (framing checked, then authenticated under the key). */
  public static ReshareDealerState unseal(SealingKeySource source, Bytes sealed)
      throws VetKdException {
    Wire.Reader r = new Wire.Reader(sealed, MAGIC, VERSION, WHAT);
    int dealer = r.u16();
    Bytes digest = Bytes.of(r.raw(32));
    Bytes oldKey = Bytes.of(r.raw(32));
    int t = r.u16();
    int n = r.u16();
    ThresholdPublicKey.checkShape(t, n);
    if (dealer < 1 || dealer > ThresholdPublicKey.MAX_HOLDERS) {
      throw r.bad("dealer " + dealer + " is outside 1.." + ThresholdPublicKey.MAX_HOLDERS);
    }
    List<Bytes> keys = new ArrayList<>();
    for (int j = 1; j <= n; j++) {
      keys.add(Bytes.of(r.raw(ReshareRecipientKey.PUBLIC_KEY_BYTES)));
    }
    byte[] header = sealed.slice(0, r.position()).toArray();
    byte[] nonce = r.raw(12);
    byte[] ct = r.raw((t - 1) * Fr.BYTES + 16);
    r.end();
    byte[] plain = KeyShareSealer.crypt(source, WHAT, Cipher.DECRYPT_MODE, nonce, header, ct);
    try {
      List<Fr> higher = new ArrayList<>();
      for (int k = 0; k < t - 1; k++) {
        higher.add(Fr.fromBigEndian(Arrays.copyOfRange(plain, k * Fr.BYTES, (k + 1) * Fr.BYTES)));
      }
      return new ReshareDealerState(dealer, digest, oldKey, t, keys, higher);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  /**
   * Answers the accusation against this dealer in {@code complaint}: reveals f_i(j) for the
   * complaining new holder j, signed with {@code share} (the key share that dealt), but only if new
   * holder j signed the complaint with the Ed25519 key this dealing records for it.
   *
   * @throws VetKdException {@link Reason#INVALID_ARGUMENT} naming the mismatch if the complaint
   *     does not accuse this dealer, names another dealing, or the share is not the dealer's;
   *     {@link Reason#SIGNATURE_INVALID} if new holder j did not sign it (forged or altered)
   */
  public ReshareAnswer answer(KeyShare share, ReshareComplaint complaint) throws VetKdException {
    if (share.index() != dealer) {
      throw new VetKdException(
          Reason.INVALID_ARGUMENT,
          "the key share is old holder "
              + share.index()
              + "'s, the state old holder "
              + dealer
              + "'s");
    }
    byte[] shareKey = Digests.sha256(share.publicKey().toBytes().toArray()).toArray();
    if (!MessageDigest.isEqual(shareKey, oldKeyDigest.toArray())) {
      throw new VetKdException(
          Reason.INVALID_ARGUMENT,
          "the key share belongs to another threshold public key than the one dealt");
    }
    ReshareComplaint.Accusation accusation = complaint.against(dealer);
    if (accusation == null) {
      throw new VetKdException(
          Reason.INVALID_ARGUMENT,
          "the complaint of new holder "
              + complaint.recipient()
              + " accuses old holders "
              + complaint.dealers()
              + ", not "
              + dealer);
    }
    if (!accusation.dealingDigest().equals(dealingDigest)) {
      throw new VetKdException(
          Reason.INVALID_ARGUMENT,
          "the complaint names dealing "
              + accusation.dealingDigest().hex()
              + ", this dealer's dealing is "
              + dealingDigest.hex());
    }
    int j = complaint.recipient();
    if (j > recipientKeys.size()) {
      throw new VetKdException(
          Reason.INVALID_ARGUMENT,
          "the complaint is from new holder "
              + j
              + ", the dealing is to 1.."
              + recipientKeys.size());
    }
    String unsigned = complaint.signatureProblem(recipientKeys.get(j - 1));
    if (unsigned != null) {
      throw new VetKdException(
          Reason.SIGNATURE_INVALID,
          "refusing to answer: the complaint of new holder "
              + j
              + " "
              + unsigned
              + " (forged or altered; answering would publish that holder's sub-share)");
    }
    List<Fr> f = new ArrayList<>();
    f.add(share.secret());
    f.addAll(higher);
    return ReshareAnswer.sign(
        dealer, share.secret(), share.publicKey(), dealingDigest, j, Dealing.evaluate(f, j));
  }

  private static byte[] header(
      int dealer, Bytes dealingDigest, Bytes oldKeyDigest, int t, List<Bytes> recipientKeys) {
    Wire.Writer w =
        new Wire.Writer(MAGIC, VERSION)
            .u16(dealer)
            .raw(dealingDigest.toArray())
            .raw(oldKeyDigest.toArray())
            .u16(t)
            .u16(recipientKeys.size());
    recipientKeys.forEach(k -> w.raw(k.toArray()));
    return w.toArray();
  }

  @Override
  public String toString() {
    return "ReshareDealerState[dealer=" + dealer + ", polynomial redacted]";
  }
}
