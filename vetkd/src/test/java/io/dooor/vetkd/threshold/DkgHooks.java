package io.dooor.vetkd.threshold;

import io.dooor.common.Bytes;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.internal.Fr;
import io.dooor.vetkd.internal.Lagrange;
import java.security.SecureRandom;
import java.util.List;

/**
 * What the cli module's tests need from inside the DKG, shared through this module's test-jar: a
 * correctly signed dealing that cheats one holder (the command line deals only honestly), and the
 * master secret interpolated from t shares, the only way a test can learn it (no process has it).
 */
public final class DkgHooks {
  private DkgHooks() {}

  /** A signed dealing of holder {@code index} whose sub-share for {@code victim} is garbage. */
  public static DkgDealing.Dealt cheating(
      DkgRoster roster, int index, ReshareRecipientKey key, int victim) throws VetKdException {
    return DkgDealing.deal(
        roster, index, key, new SecureRandom(), victim, DkgDealing.Tamper.GARBAGE_CIPHERTEXT);
  }

  /** True iff {@code secret} (big-endian) is the discrete log of {@code pk}'s master key. */
  public static boolean isMasterSecret(ThresholdPublicKey pk, Bytes secret) throws VetKdException {
    return io.dooor.vetkd.internal.G2Point.generator()
        .mul(Fr.fromBigEndian(secret.toArray()))
        .equals(pk.masterPublicKey().point());
  }

  /** The master secret s = Σ λ_i·sk_i over the given shares (t of them), big-endian. */
  public static Bytes masterSecret(List<KeyShare> shares) {
    int[] xs = shares.stream().mapToInt(KeyShare::index).toArray();
    Fr[] lambda = Lagrange.atZero(xs);
    Fr s = Fr.zero();
    for (int i = 0; i < xs.length; i++) {
      s = s.add(lambda[i].mul(shares.get(i).secret()));
    }
    return Bytes.of(s.toBigEndian());
  }
}
