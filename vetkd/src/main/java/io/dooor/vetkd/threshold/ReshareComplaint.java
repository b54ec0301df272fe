package io.dooor.vetkd.threshold;

import io.dooor.common.Bytes;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A new holder's complaint in the complaint round of a distributed resharing ({@code
 * reshare-receive --complaint-out}): its own sub-share from each accused old holder did not decrypt
 * or failed the dealing's Feldman commitments. Each accused dealer must answer by revealing that
 * sub-share ({@link ReshareAnswer}); a complaint without a valid answer disqualifies the dealer for
 * every new holder ({@link DistributedResharing#receive}).
 *
 * <p>A complaint is signed with the complaining holder's Ed25519 key ({@link ReshareRecipientKey}),
 * and only counts if the signature verifies under the Ed25519 key that the accused dealing itself
 * records for that holder ({@link #signatureProblem}): the dealer will not answer anything else
 * ({@link ReshareDealerState#answer}) and new holders ignore it ({@link DistributedResharing}).
 * Without it, anyone handing dealers complaint files "from holder j" against t_old dealers would
 * have them publish all of j's sub-shares, that is j's new share.
 *
 * <p>Wire form (untrusted input, {@link #parse}): "DVKC" || version 2 || u16 recipient j || u16
 * count (1..255) || count × (u16 dealer || 32-byte dealing digest || u16 length || reason,
 * printable ASCII, at most {@value #MAX_REASON} bytes), dealers strictly increasing || 64-byte
 * Ed25519 signature over the ASCII domain tag "dooor/vetkd/reshare-complaint/v2" followed by every
 * byte before the signature. (Version 1 complaints were unsigned and are refused.)
 */
public final class ReshareComplaint {
  /** Longest reason kept (longer ones are cut when a complaint is made). */
  public static final int MAX_REASON = 240;

  /** Largest wire form. */
  public static final int MAX_BYTES =
      9 + ThresholdPublicKey.MAX_HOLDERS * (36 + MAX_REASON) + ReshareRecipientKey.SIGNATURE_BYTES;

  private static final String MAGIC = "DVKC";
  private static final int VERSION = 2;
  private static final String SIGNATURE_DOMAIN = "dooor/vetkd/reshare-complaint/v2";

  /** One accused dealer: its index, the digest of its dealing, and what was wrong. */
  public record Accusation(int dealer, Bytes dealingDigest, String reason) {}

  private final int recipient;
  private final List<Accusation> accusations;
  private final Bytes signature;

  private ReshareComplaint(int recipient, List<Accusation> accusations, Bytes signature) {
    this.recipient = recipient;
    this.accusations = List.copyOf(accusations);
    this.signature = signature;
  }

  /**
   * New holder {@code recipient}'s complaint against the dealers in {@code accusations}, signed
   * with {@code key} (the holder's own; tests pass others to forge); reasons are cut to {@value
   * #MAX_REASON} printable ASCII characters.
   */
  static ReshareComplaint of(int recipient, List<Accusation> accusations, ReshareRecipientKey key)
      throws VetKdException {
    List<Accusation> clean = new ArrayList<>();
    for (Accusation a : accusations) {
      clean.add(new Accusation(a.dealer(), a.dealingDigest(), printable(a.reason())));
    }
    check(recipient, clean);
    ReshareComplaint unsigned = new ReshareComplaint(recipient, clean, Bytes.empty());
    return new ReshareComplaint(recipient, clean, key.sign(unsigned.message()));
  }

  /**
   * Null if this complaint is signed with the Ed25519 half of {@code recipientKey} (the public key
   * an accused dealing records for new holder {@link #recipient()}), else why not.
   */
  String signatureProblem(Bytes recipientKey) {
    return ReshareRecipientKey.verifies(
            ReshareRecipientKey.signingKey(recipientKey), message(), signature)
        ? null
        : "is not signed with the Ed25519 key the accused dealing records for new holder "
            + recipient;
  }

  /** The signed message: the domain tag, then every byte of the wire form before the signature. */
  private byte[] message() {
    byte[] tag = SIGNATURE_DOMAIN.getBytes(StandardCharsets.US_ASCII);
    byte[] body = unsignedBytes();
    byte[] out = java.util.Arrays.copyOf(tag, tag.length + body.length);
    System.arraycopy(body, 0, out, tag.length, body.length);
    return out;
  }

  private static void check(int recipient, List<Accusation> accusations) throws VetKdException {
    if (recipient < 1 || recipient > ThresholdPublicKey.MAX_HOLDERS) {
      throw new VetKdException(
          Reason.INVALID_ARGUMENT,
          "complaint: new holder "
              + recipient
              + " is outside 1.."
              + ThresholdPublicKey.MAX_HOLDERS);
    }
    if (accusations.isEmpty() || accusations.size() > ThresholdPublicKey.MAX_HOLDERS) {
      throw new VetKdException(
          Reason.INVALID_ARGUMENT,
          "complaint: accuses " + accusations.size() + " dealers, not 1..255");
    }
    int last = 0;
    for (Accusation a : accusations) {
      if (a.dealer() <= last || a.dealer() > ThresholdPublicKey.MAX_HOLDERS) {
        throw new VetKdException(
            Reason.INVALID_ARGUMENT,
            "complaint: dealer "
                + a.dealer()
                + " after dealer "
                + last
                + " (dealers must be increasing, in 1..255)");
      }
      if (a.dealingDigest().length() != 32) {
        throw new VetKdException(
            Reason.INVALID_ARGUMENT, "complaint: a dealing digest is 32 bytes");
      }
      last = a.dealer();
    }
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && b.length() < MAX_REASON; i++) {
      char c = s.charAt(i);
      b.append(c >= 0x20 && c < 0x7f ? c : '?');
    }
    return b.toString();
  }

  /** The complaining new holder j. */
  public int recipient() {
    return recipient;
  }

  public List<Accusation> accusations() {
    return accusations;
  }

  /** The accused dealers, increasing. */
  public List<Integer> dealers() {
    return accusations.stream().map(Accusation::dealer).toList();
  }

  /** The accusation against {@code dealer}, or null. */
  public Accusation against(int dealer) {
    return accusations.stream().filter(a -> a.dealer() == dealer).findFirst().orElse(null);
  }

  public Bytes toBytes() {
    return Wire.signed(unsignedBytes(), signature);
  }

  private byte[] unsignedBytes() {
    Wire.Writer w = new Wire.Writer(MAGIC, VERSION).u16(recipient).u16(accusations.size());
    for (Accusation a : accusations) {
      byte[] why = a.reason().getBytes(StandardCharsets.US_ASCII);
      w.u16(a.dealer()).raw(a.dealingDigest().toArray()).u16(why.length).raw(why);
    }
    return w.toArray();
  }

  /**
   * Parses a complaint file: untrusted bytes. Checks framing, the ranges of the indices, that
   * dealers increase, and that reasons are short printable ASCII; the signature is checked against
   * a dealing ({@link #signatureProblem}).
   */
  public static ReshareComplaint parse(Bytes bytes) throws VetKdException {
    if (bytes.length() > MAX_BYTES) {
      throw new VetKdException(
          Reason.INVALID_ENCODING,
          "resharing complaint: " + bytes.length() + " bytes, at most " + MAX_BYTES);
    }
    Wire.Reader r = new Wire.Reader(bytes, MAGIC, VERSION, "resharing complaint");
    int recipient = r.u16();
    int count = r.u16();
    if (count < 1 || count > ThresholdPublicKey.MAX_HOLDERS) {
      throw r.bad("accuses " + count + " dealers, not 1..255");
    }
    List<Accusation> accusations = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      int dealer = r.u16();
      Bytes digest = Bytes.of(r.raw(32));
      int len = r.u16();
      if (len > MAX_REASON) {
        throw r.bad("reason of " + len + " bytes exceeds " + MAX_REASON);
      }
      byte[] why = r.raw(len);
      for (byte c : why) {
        if (c < 0x20 || c >= 0x7f) {
          throw r.bad("reason against dealer " + dealer + " is not printable ASCII");
        }
      }
      accusations.add(new Accusation(dealer, digest, new String(why, StandardCharsets.US_ASCII)));
    }
    Bytes signature = Bytes.of(r.raw(ReshareRecipientKey.SIGNATURE_BYTES));
    r.end();
    try {
      check(recipient, accusations);
    } catch (VetKdException e) {
      throw new VetKdException(Reason.INVALID_ENCODING, strip(e), e);
    }
    return new ReshareComplaint(recipient, accusations, signature);
  }

  /** A VetKdException's message without its "REASON: " prefix. */
  static String strip(VetKdException e) {
    String prefix = e.reason() + ": ";
    String why = e.getMessage();
    return why.startsWith(prefix) ? why.substring(prefix.length()) : why;
  }

  @Override
  public String toString() {
    return "ReshareComplaint[new holder " + recipient + " against " + dealers() + "]";
  }
}
