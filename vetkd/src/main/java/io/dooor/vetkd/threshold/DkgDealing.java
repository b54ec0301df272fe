package io.dooor.vetkd.threshold;

import io.dooor.common.Bytes;
import io.dooor.common.Digests;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdException.Reason;
import io.dooor.vetkd.internal.Fr;
import io.dooor.vetkd.internal.G2Point;
import io.dooor.vetkd.internal.IdentityPolicy;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One holder's dealing in a distributed key generation ({@link DistributedKeyGeneration}): a
 * Feldman sharing ({@link Dealing}) of a random secret z_i to the roster's n holders with threshold
 * t, the commitments A_ik = a_ik·G2 public and holder j's sub-share f_i(j) encrypted to j's X25519
 * key ({@link ReshareRecipientKey#seal}, as resharing encrypts), signed with the dealer's Ed25519
 * key from the roster. The master secret Σ z_i over the qualified dealers is never computed
 * anywhere; each holder adds up only its own sub-shares.
 *
 * <p>Wire form (untrusted input, {@link #parse}): "DVKD" || version 1 || 32-byte roster digest ||
 * u16 dealer || u16 t || u16 n || t compressed G2 commitments || n × (u16 j || 80-byte encrypted
 * sub-share), j = 1..n in order || 64-byte Ed25519 signature over the domain tag
 * "dooor/vetkd/dkg-dealing/v1" and every byte before it. A sub-share's associated data is the
 * SHA-256 of the bytes before the sub-shares, j and j's public key. Complaints ({@link
 * ReshareComplaint}) and answers ({@link DkgAnswer}) name a dealing by the SHA-256 of its bytes.
 */
public final class DkgDealing {
  private static final String MAGIC = "DVKD";
  private static final int VERSION = 1;
  private static final String DOMAIN = "dooor/vetkd/dkg-dealing/v1";

  /** How a test dealer cheats holder {@code victim} in a still correctly signed dealing. */
  enum Tamper {
    NONE,
    /** The victim's sub-share is f(victim) + 1, correctly encrypted. */
    WRONG_VALUE,
    /** The victim's encrypted sub-share is random bytes. */
    GARBAGE_CIPHERTEXT
  }

  private final Bytes roster;
  private final int dealer;
  private final int threshold;
  private final List<G2Point> commitments;
  private final List<Bytes> sealed;
  private final Bytes signature;
  private final byte[] context;
  private final Bytes digest;

  private DkgDealing(
      Bytes roster,
      int dealer,
      int threshold,
      List<G2Point> commitments,
      List<Bytes> sealed,
      Bytes signature) {
    this.roster = roster;
    this.dealer = dealer;
    this.threshold = threshold;
    this.commitments = List.copyOf(commitments);
    this.sealed = List.copyOf(sealed);
    this.signature = signature;
    this.context =
        Digests.sha256(header(roster, dealer, threshold, sealed.size(), commitments)).toArray();
    this.digest = Digests.sha256(toBytes().toArray());
  }

  /** A dealing and the dealer's polynomial, kept (in memory) to answer complaints. */
  public record Dealt(DkgDealing dealing, DkgDealer dealer) {}

  /**
   * Holder {@code index} of {@code roster} deals a fresh random secret, signed with {@code key}.
   */
  static Dealt deal(DkgRoster roster, int index, ReshareRecipientKey key, SecureRandom rng)
      throws VetKdException {
    return deal(roster, index, key, rng, 0, Tamper.NONE);
  }

  static Dealt deal(
      DkgRoster roster,
      int index,
      ReshareRecipientKey key,
      SecureRandom rng,
      int victim,
      Tamper tamper)
      throws VetKdException {
    if (index < 1 || index > roster.holders() || !roster.key(index).equals(key.publicKey())) {
      throw new VetKdException(
          Reason.INVALID_ARGUMENT, "this key is not holder " + index + "'s in the roster");
    }
    int t = roster.threshold();
    int n = roster.holders();
    List<Fr> poly = Dealing.randomPolynomial(Fr.random(rng), t, rng);
    Dealing d = Dealing.of(poly, n);
    byte[] ctx = Digests.sha256(header(roster.digest(), index, t, n, d.commitments())).toArray();
    List<Bytes> boxes = new ArrayList<>();
    for (int j = 1; j <= n; j++) {
      Fr value = d.verifyShare(j);
      if (j == victim && tamper == Tamper.WRONG_VALUE) {
        value = value.add(Fr.of(BigInteger.ONE));
      }
      byte[] sub = value.toBigEndian();
      Bytes pub = roster.key(j);
      byte[] box =
          ReshareRecipientKey.seal(
              ReshareRecipientKey.encryptionKey(pub), sub, aad(ctx, j, pub), rng);
      Arrays.fill(sub, (byte) 0);
      if (j == victim && tamper == Tamper.GARBAGE_CIPHERTEXT) {
        rng.nextBytes(box);
      }
      boxes.add(Bytes.of(box));
    }
    DkgDealing unsigned =
        new DkgDealing(roster.digest(), index, t, d.commitments(), boxes, Bytes.empty());
    Bytes sig = key.sign(signed(DOMAIN, unsigned.unsignedBytes()));
    DkgDealing dealing = new DkgDealing(roster.digest(), index, t, d.commitments(), boxes, sig);
    return new Dealt(dealing, new DkgDealer(index, dealing.digest(), key, poly));
  }

  /**
   * Null if this dealing belongs to {@code roster} (its digest, t and n) and is signed with its
   * dealer's Ed25519 key there, else why not. Public checks: every holder judges alike.
   */
  String publicProblem(DkgRoster r) {
    if (!roster.equals(r.digest())) {
      return "is for another roster (" + roster.hex() + ", not " + r.digest().hex() + ")";
    }
    if (threshold != r.threshold() || sealed.size() != r.holders() || dealer > r.holders()) {
      return "deals t="
          + threshold
          + " n="
          + sealed.size()
          + " as holder "
          + dealer
          + ", the roster has t="
          + r.threshold()
          + " n="
          + r.holders();
    }
    if (!ReshareRecipientKey.verifies(
        ReshareRecipientKey.signingKey(r.key(dealer)),
        signed(DOMAIN, unsignedBytes()),
        signature)) {
      return "is not signed with holder " + dealer + "'s Ed25519 key in the roster";
    }
    if (commitments.get(0).isIdentity()) {
      return "commits to a zero secret";
    }
    return null;
  }

  /** Decrypts holder {@code j}'s sub-share and checks it against the commitments (Feldman). */
  Fr open(int j, ReshareRecipientKey key) throws VetKdException {
    byte[] plain = key.open(sealed.get(j - 1).toArray(), aad(context, j, key.publicKey()));
    Fr s;
    try {
      s = Fr.fromBigEndian(plain);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
    if (!ThresholdPublicKey.fits(commitments, j, s)) {
      throw new VetKdException(
          Reason.DEALING_INVALID, "sub-share for holder " + j + " fails the commitments");
    }
    return s;
  }

  public int dealer() {
    return dealer;
  }

  /** The SHA-256 of the whole signed dealing. */
  public Bytes digest() {
    return digest;
  }

  List<G2Point> commitments() {
    return commitments;
  }

  int holders() {
    return sealed.size();
  }

  public Bytes toBytes() {
    return Wire.signed(unsignedBytes(), signature);
  }

  private byte[] unsignedBytes() {
    byte[] h = header(roster, dealer, threshold, sealed.size(), commitments);
    Wire.Writer w =
        new Wire.Writer(MAGIC, VERSION).raw(Arrays.copyOfRange(h, MAGIC.length() + 1, h.length));
    for (int j = 1; j <= sealed.size(); j++) {
      w.u16(j).raw(sealed.get(j - 1).toArray());
    }
    return w.toArray();
  }

  /**
   * Parses a dealing: untrusted bytes. Checks framing, t/n, point encodings (G2 commitments on the
   * curve and in the subgroup) and that sub-shares are for 1..n in order; {@link #publicProblem}
   * checks it against the roster.
   */
  public static DkgDealing parse(Bytes bytes) throws VetKdException {
    Wire.Reader r = new Wire.Reader(bytes, MAGIC, VERSION, "dkg dealing");
    Bytes roster = Bytes.of(r.raw(32));
    int dealer = r.u16();
    int t = r.u16();
    int n = r.u16();
    ThresholdPublicKey.checkShape(t, n);
    if (dealer < 1 || dealer > n) {
      throw r.bad("dealer " + dealer + " is not a holder 1.." + n);
    }
    List<G2Point> cs = new ArrayList<>();
    for (int k = 0; k < t; k++) {
      cs.add(G2Point.decode(r.raw(96), IdentityPolicy.ALLOW, "commitment " + k));
    }
    List<Bytes> boxes = new ArrayList<>();
    for (int j = 1; j <= n; j++) {
      int index = r.u16();
      if (index != j) {
        throw r.bad("sub-share for " + index + " where " + j + " was expected");
      }
      boxes.add(Bytes.of(r.raw(ReshareRecipientKey.SEALED_BYTES)));
    }
    Bytes signature = Bytes.of(r.raw(ReshareRecipientKey.SIGNATURE_BYTES));
    r.end();
    return new DkgDealing(roster, dealer, t, cs, boxes, signature);
  }

  private static byte[] header(Bytes roster, int dealer, int t, int n, List<G2Point> commitments) {
    Wire.Writer w = new Wire.Writer(MAGIC, VERSION).raw(roster.toArray()).u16(dealer).u16(t).u16(n);
    commitments.forEach(c -> w.raw(c.toBytes()));
    return w.toArray();
  }

  /** The domain tag followed by the unsigned bytes: what an Ed25519 signature covers. */
  static byte[] signed(String domain, byte[] unsigned) {
    byte[] tag = domain.getBytes(StandardCharsets.US_ASCII);
    byte[] out = Arrays.copyOf(tag, tag.length + unsigned.length);
    System.arraycopy(unsigned, 0, out, tag.length, unsigned.length);
    return out;
  }

  private static byte[] aad(byte[] context, int j, Bytes recipient) {
    byte[] out = Arrays.copyOf(context, context.length + 2 + recipient.length());
    out[context.length] = (byte) (j >>> 8);
    out[context.length + 1] = (byte) j;
    System.arraycopy(recipient.toArray(), 0, out, context.length + 2, recipient.length());
    return out;
  }

  @Override
  public String toString() {
    return "DkgDealing[dealer=" + dealer + ", t=" + threshold + ", n=" + sealed.size() + "]";
  }
}
