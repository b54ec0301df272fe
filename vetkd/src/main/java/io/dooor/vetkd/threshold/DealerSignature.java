package io.dooor.vetkd.threshold;

import io.dooor.common.Bytes;
import io.dooor.common.Digests;
import io.dooor.vetkd.DerivedPublicKey;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.internal.Fr;
import io.dooor.vetkd.internal.G1Point;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The signatures of an old holder in a distributed resharing (its dealing, its answers to
 * complaints): a BLS signature sk_i·H(PK_i, message) in G1 with its old key share, verified against
 * its public key share PK_i as vetKeys are. The message is a domain tag (one per kind of signed
 * object, so a signature on one kind is never valid on another) followed by the SHA-256 of the
 * object's unsigned bytes.
 */
final class DealerSignature {
  private DealerSignature() {}

  /** Signs {@code unsigned} under {@code domain} as old holder {@code dealer} of {@code oldKey}. */
  static Bytes sign(
      String domain, byte[] unsigned, ThresholdPublicKey oldKey, int dealer, Fr secret) {
    G1Point sig = signingKey(oldKey, dealer).augmentedHash(message(domain, unsigned)).mul(secret);
    return Bytes.of(sig.toBytes());
  }

  /** True if {@code signature} is old holder {@code dealer}'s signature on {@code unsigned}. */
  static boolean verifies(
      String domain, byte[] unsigned, ThresholdPublicKey oldKey, int dealer, Bytes signature) {
    try {
      signingKey(oldKey, dealer).verifySignature(message(domain, unsigned), signature);
      return true;
    } catch (VetKdException | IllegalArgumentException e) {
      return false;
    }
  }

  /** The dealer's old public key share PK_i as a BLS public key (G2). */
  private static DerivedPublicKey signingKey(ThresholdPublicKey oldKey, int dealer) {
    return DerivedPublicKey.of(oldKey.publicKeyShare(dealer));
  }

  private static Bytes message(String domain, byte[] unsigned) {
    byte[] tag = domain.getBytes(StandardCharsets.US_ASCII);
    byte[] digest = Digests.sha256(unsigned).toArray();
    byte[] out = Arrays.copyOf(tag, tag.length + digest.length);
    System.arraycopy(digest, 0, out, tag.length, digest.length);
    return Bytes.of(out);
  }
}
