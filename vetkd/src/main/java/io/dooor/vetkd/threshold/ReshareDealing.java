package io.dooor.vetkd.threshold;

import io.dooor.common.Bytes;
import io.dooor.common.Digests;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdException.Reason;
import io.dooor.vetkd.internal.Fr;
import io.dooor.vetkd.internal.G1Point;
import io.dooor.vetkd.internal.G2Point;
import io.dooor.vetkd.internal.IdentityPolicy;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One old holder's dealing in a distributed resharing ({@code dooor keyshare reshare-deal}): a
 * Feldman sharing of its share sk_i to n' new holders with threshold t', the commitments A_ik·G2
 * public and each new holder's sub-share f_i(j) encrypted to that holder's X25519 key ({@link
 * ReshareRecipientKey}), next to the holder's Ed25519 key that its complaints must verify under.
 * Unlike {@link Resharing#combine}, no process sees more than its own sub-shares: each new holder
 * decrypts only its own and checks it against the commitments, and A_i0 against the dealer's old
 * public key share ({@link DistributedResharing#receive}).
 *
 * <p>Wire form (untrusted input, {@link #parse}): "DVKR" || version 2 || u16 dealer || blob(old
 * threshold public key) || u16 t' || u16 n' || t' compressed G2 commitments || n' × (u16 j ||
 * 64-byte recipient public key, X25519 || Ed25519 || 80-byte encrypted sub-share), j = 1..n' in
 * order || 48-byte signature by the dealer's old key share ({@link #signatureProblem}), which so
 * covers the Ed25519 keys too. (Version 1 recorded only the X25519 key and is refused.) The
 * encryption's associated data binds the sub-share to the SHA-256 of everything before the
 * recipients, to j and to the recipient's key. Complaints and answers name a dealing by the SHA-256
 * of all its bytes ({@link #digest}); {@link #deal} also returns the dealer's polynomial ({@link
 * ReshareDealerState}) for answering them.
 */
public final class ReshareDealing {
  private static final String MAGIC = "DVKR";
  private static final int VERSION = 2;
  private static final int MAX_PUBLIC_KEY = 8 + 96 * ThresholdPublicKey.MAX_HOLDERS;
  private static final String SIGNATURE_DOMAIN = "dooor/vetkd/reshare-dealing/v1";

  /**
   * One new holder's public key (X25519 || Ed25519, {@link ReshareRecipientKey}) and encrypted
   * sub-share.
   */
  public record Recipient(Bytes publicKey, Bytes sealed) {}

  private final int dealer;
  private final ThresholdPublicKey oldKey;
  private final int newThreshold;
  private final int newHolders;
  private final List<G2Point> commitments;
  private final Map<Integer, Recipient> recipients;
  private final byte[] context;
  private final Bytes signature;
  private final Bytes digest;

  private ReshareDealing(
      int dealer,
      ThresholdPublicKey oldKey,
      int newThreshold,
      int newHolders,
      List<G2Point> commitments,
      Map<Integer, Recipient> recipients,
      Bytes signature) {
    this.dealer = dealer;
    this.oldKey = oldKey;
    this.newThreshold = newThreshold;
    this.newHolders = newHolders;
    this.commitments = List.copyOf(commitments);
    this.recipients = Collections.unmodifiableMap(new TreeMap<>(recipients));
    this.context =
        Digests.sha256(header(dealer, oldKey, newThreshold, newHolders, commitments)).toArray();
    this.signature = signature;
    this.digest = Digests.sha256(toBytes().toArray());
  }

  /** A dealing and the dealer's secret state for answering complaints against it. */
  public record Dealt(ReshareDealing dealing, ReshareDealerState state) {}

  /** How a test dealer cheats new holder {@code victim} (a dealing that is still signed). */
  enum Tamper {
    NONE,
    /** The victim's sub-share is f(victim) + 1, correctly encrypted. */
    WRONG_VALUE,
    /** The victim's encrypted sub-share is random bytes. */
    GARBAGE_CIPHERTEXT
  }

  /**
   * Run by old holder {@code share.index()}: deals its share to new holders 1..n', each sub-share
   * encrypted to {@code recipients.get(j)} (every j in 1..n' must be given).
   */
  public static ReshareDealing create(
      KeyShare share,
      int newThreshold,
      int newHolders,
      Map<Integer, Bytes> recipients,
      SecureRandom rng)
      throws VetKdException {
    return deal(share, newThreshold, newHolders, recipients, rng).dealing();
  }

  /**
   * As {@link #create}, also returning the dealer's polynomial ({@link ReshareDealerState}) that it
   * needs to answer a complaint ({@link ReshareAnswer}); the caller seals it.
   */
  public static Dealt deal(
      KeyShare share,
      int newThreshold,
      int newHolders,
      Map<Integer, Bytes> recipients,
      SecureRandom rng)
      throws VetKdException {
    return createTampered(share, newThreshold, newHolders, recipients, rng, 0, Tamper.NONE);
  }

  /** Test hook: a dealing of an arbitrary secret under a dealer's name (a cheating dealer). */
  static ReshareDealing createAs(
      int dealer,
      Fr secret,
      ThresholdPublicKey oldKey,
      int newThreshold,
      int newHolders,
      Map<Integer, Bytes> recipients,
      SecureRandom rng)
      throws VetKdException {
    return createAs(
            dealer, secret, oldKey, newThreshold, newHolders, recipients, rng, 0, Tamper.NONE)
        .dealing();
  }

  /**
   * Test hook: an old holder's correctly signed dealing that cheats new holder {@code victim} as
   * {@code tamper} says; the returned state holds the true polynomial.
   */
  static Dealt createTampered(
      KeyShare share,
      int newThreshold,
      int newHolders,
      Map<Integer, Bytes> recipients,
      SecureRandom rng,
      int victim,
      Tamper tamper)
      throws VetKdException {
    return createAs(
        share.index(),
        share.secret(),
        share.publicKey(),
        newThreshold,
        newHolders,
        recipients,
        rng,
        victim,
        tamper);
  }

  private static Dealt createAs(
      int dealer,
      Fr secret,
      ThresholdPublicKey oldKey,
      int newThreshold,
      int newHolders,
      Map<Integer, Bytes> recipients,
      SecureRandom rng,
      int victim,
      Tamper tamper)
      throws VetKdException {
    ThresholdPublicKey.checkShape(newThreshold, newHolders);
    for (int j = 1; j <= newHolders; j++) {
      if (!recipients.containsKey(j)) {
        throw new VetKdException(
            Reason.INVALID_ARGUMENT, "no public key for new holder " + j + " of " + newHolders);
      }
      ReshareRecipientKey.checkPublicKey(recipients.get(j));
    }
    for (int j : recipients.keySet()) {
      if (j < 1 || j > newHolders) {
        throw new VetKdException(
            Reason.INVALID_ARGUMENT, "recipient " + j + " is not a new holder 1.." + newHolders);
      }
    }
    List<Fr> polynomial = Dealing.randomPolynomial(secret, newThreshold, rng);
    Dealing d = Dealing.of(polynomial, newHolders);
    byte[] ctx =
        Digests.sha256(header(dealer, oldKey, newThreshold, newHolders, d.commitments())).toArray();
    Map<Integer, Recipient> sealed = new TreeMap<>();
    for (int j = 1; j <= newHolders; j++) {
      Bytes pub = recipients.get(j);
      Fr value = d.verifyShare(j);
      if (j == victim && tamper == Tamper.WRONG_VALUE) {
        value = value.add(Fr.of(java.math.BigInteger.ONE));
      }
      byte[] sub = value.toBigEndian();
      byte[] box =
          ReshareRecipientKey.seal(
              ReshareRecipientKey.encryptionKey(pub), sub, aad(ctx, j, pub), rng);
      java.util.Arrays.fill(sub, (byte) 0);
      if (j == victim && tamper == Tamper.GARBAGE_CIPHERTEXT) {
        rng.nextBytes(box);
      }
      sealed.put(j, new Recipient(pub, Bytes.of(box)));
    }
    ReshareDealing unsigned =
        new ReshareDealing(
            dealer, oldKey, newThreshold, newHolders, d.commitments(), sealed, Bytes.empty());
    Bytes sig =
        DealerSignature.sign(SIGNATURE_DOMAIN, unsigned.unsignedBytes(), oldKey, dealer, secret);
    ReshareDealing signed =
        new ReshareDealing(dealer, oldKey, newThreshold, newHolders, d.commitments(), sealed, sig);
    return new Dealt(
        signed,
        ReshareDealerState.of(
            dealer,
            signed.digest(),
            oldKey,
            newThreshold,
            signed.recipientKeys(),
            polynomial.subList(1, polynomial.size())));
  }

  /**
   * Null if the dealing is signed with old holder {@link #dealer()}'s key share ({@link
   * DealerSignature}), else why not. Without it, anyone could deal under a holder's name a dealing
   * that one targeted new holder accepts.
   */
  String signatureProblem() {
    return DealerSignature.verifies(SIGNATURE_DOMAIN, unsignedBytes(), oldKey, dealer, signature)
        ? null
        : "is not signed with old holder " + dealer + "'s key share";
  }

  /**
   * The SHA-256 of the whole signed dealing: how complaints and answers name the dealing they are
   * about.
   */
  public Bytes digest() {
    return digest;
  }

  public int dealer() {
    return dealer;
  }

  public ThresholdPublicKey oldPublicKey() {
    return oldKey;
  }

  public int newThreshold() {
    return newThreshold;
  }

  public int newHolders() {
    return newHolders;
  }

  List<G2Point> commitments() {
    return commitments;
  }

  public Map<Integer, Recipient> recipients() {
    return recipients;
  }

  /** The new holders' public keys recorded in this dealing, for j = 1..n' in order. */
  List<Bytes> recipientKeys() {
    return recipients.values().stream().map(Recipient::publicKey).toList();
  }

  /**
   * Decrypts new holder {@code j}'s sub-share with its key and checks it against the commitments
   * (Feldman): f_i(j)·G2 == Σ_k j^k·A_ik.
   */
  Fr openSubShare(int j, ReshareRecipientKey key) throws VetKdException {
    Recipient r = recipients.get(j);
    if (r == null) {
      throw new VetKdException(Reason.DEALING_INVALID, "no sub-share for new holder " + j);
    }
    if (!MessageDigest.isEqual(r.publicKey().toArray(), key.publicKey().toArray())) {
      throw new VetKdException(
          Reason.DEALING_INVALID,
          "sub-share for new holder "
              + j
              + " is encrypted to another key than this holder's (or another signing key is"
              + " recorded)");
    }
    byte[] plain = key.open(r.sealed().toArray(), aad(context, j, r.publicKey()));
    Fr s = Fr.fromBigEndian(plain);
    java.util.Arrays.fill(plain, (byte) 0);
    if (!ThresholdPublicKey.fits(commitments, j, s)) {
      throw new VetKdException(
          Reason.DEALING_INVALID, "sub-share for new holder " + j + " fails the commitments");
    }
    return s;
  }

  public Bytes toBytes() {
    return Wire.signed(unsignedBytes(), signature);
  }

  private byte[] unsignedBytes() {
    Wire.Writer w =
        new Wire.Writer(MAGIC, VERSION)
            .raw(body(header(dealer, oldKey, newThreshold, newHolders, commitments)));
    recipients.forEach((j, r) -> w.u16(j).raw(r.publicKey().toArray()).raw(r.sealed().toArray()));
    return w.toArray();
  }

  /**
   * Parses a dealing file: untrusted bytes. Checks framing, shapes and point encodings (G2
   * commitments on the curve and in the subgroup); recipients must be exactly 1..n' in order. Does
   * not check the dealing against the old key: {@link DistributedResharing#receive} does.
   */
  public static ReshareDealing parse(Bytes bytes) throws VetKdException {
    Wire.Reader r = new Wire.Reader(bytes, MAGIC, VERSION, "resharing dealing");
    int dealer = r.u16();
    ThresholdPublicKey old = ThresholdPublicKey.parse(Bytes.of(r.blob(MAX_PUBLIC_KEY)));
    if (dealer < 1 || dealer > old.holders()) {
      throw new VetKdException(
          Reason.INVALID_ARGUMENT,
          "dealer " + dealer + " is not an old holder 1.." + old.holders());
    }
    int t = r.u16();
    int n = r.u16();
    ThresholdPublicKey.checkShape(t, n);
    List<G2Point> cs = new ArrayList<>();
    for (int k = 0; k < t; k++) {
      cs.add(G2Point.decode(r.raw(96), IdentityPolicy.ALLOW, "commitment " + k));
    }
    Map<Integer, Recipient> recipients = new TreeMap<>();
    for (int j = 1; j <= n; j++) {
      int index = r.u16();
      if (index != j) {
        throw new VetKdException(
            Reason.INVALID_ENCODING, "recipient " + index + " where " + j + " was expected");
      }
      Bytes pub = Bytes.of(r.raw(ReshareRecipientKey.PUBLIC_KEY_BYTES));
      Bytes sealed = Bytes.of(r.raw(ReshareRecipientKey.SEALED_BYTES));
      recipients.put(j, new Recipient(pub, sealed));
    }
    Bytes signature = Bytes.of(r.raw(G1Point.BYTES));
    r.end();
    return new ReshareDealing(dealer, old, t, n, cs, recipients, signature);
  }

  /** A header without its magic and version (the writer adds them again). */
  private static byte[] body(byte[] header) {
    return java.util.Arrays.copyOfRange(header, MAGIC.length() + 1, header.length);
  }

  /** The bytes before the recipients: what the sub-shares' associated data binds (hashed). */
  private static byte[] header(
      int dealer, ThresholdPublicKey old, int t, int n, List<G2Point> commitments) {
    Wire.Writer w =
        new Wire.Writer(MAGIC, VERSION).u16(dealer).blob(old.toBytes().toArray()).u16(t).u16(n);
    commitments.forEach(c -> w.raw(c.toBytes()));
    return w.toArray();
  }

  private static byte[] aad(byte[] context, int j, Bytes recipient) {
    byte[] out = new byte[context.length + 2 + recipient.length()];
    System.arraycopy(context, 0, out, 0, context.length);
    out[context.length] = (byte) (j >>> 8);
    out[context.length + 1] = (byte) j;
    System.arraycopy(recipient.toArray(), 0, out, context.length + 2, recipient.length());
    return out;
  }

  @Override
  public String toString() {
    return "ReshareDealing[dealer=" + dealer + ", t'=" + newThreshold + ", n'=" + newHolders + "]";
  }
}
