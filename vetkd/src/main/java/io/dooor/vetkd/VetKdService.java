package io.dooor.vetkd;

import io.dooor.common.Bytes;
import io.dooor.vetkd.threshold.DeriveShareRequest;
import io.dooor.vetkd.threshold.HolderHealth;
import io.dooor.vetkd.threshold.KeyShareHolder;
import io.dooor.vetkd.threshold.LocalKeyShareHolder;
import io.dooor.vetkd.threshold.ShareCombiner;
import io.dooor.vetkd.threshold.ThresholdDerivation;
import io.dooor.vetkd.threshold.ThresholdDeriver;
import io.dooor.vetkd.threshold.ThresholdDeriver.FanOut;
import io.dooor.vetkd.threshold.ThresholdKeyGenerator;
import io.dooor.vetkd.threshold.ThresholdPublicKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The server side of vetKD (DESIGN §5): {@code vetkd_public_key} and {@code vetkd_derive_key} (spec
 * §7) answered by t-of-n key-share holders, none of which holds the master key. Every answer is
 * verified against its holder's public key share, t valid shares are combined and the result is
 * verified before it is returned; faulty holders are excluded and named.
 */
public final class VetKdService implements AutoCloseable {
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  private final ThresholdDeriver deriver;

  private VetKdService(ThresholdDeriver deriver) {
    this.deriver = deriver;
  }

  /**
   * A service over existing holders (in-process or remote; indices distinct, in 1..n). Use {@link
   * FanOut#ALL} for remote holders, {@link FanOut#THRESHOLD_FIRST} for in-process ones.
   */
  public static VetKdService create(
      ThresholdPublicKey publicKey,
      List<? extends KeyShareHolder> holders,
      Duration timeout,
      FanOut fanOut)
      throws VetKdException {
    ShareCombiner combiner = new ShareCombiner(publicKey, new SecureRandom());
    return new VetKdService(new ThresholdDeriver(combiner, holders, timeout, fanOut));
  }

  /** The embedded default: fresh t-of-n key generation and n in-process holders. */
  public static VetKdService inProcess(int threshold, int holders) throws VetKdException {
    SecureRandom rng = new SecureRandom();
    ThresholdKeyGenerator.Generated g = new ThresholdKeyGenerator(rng).generate(threshold, holders);
    List<KeyShareHolder> local = new ArrayList<>();
    g.shares().forEach(s -> local.add(new LocalKeyShareHolder(s, rng)));
    return create(g.publicKey(), local, DEFAULT_TIMEOUT, FanOut.THRESHOLD_FIRST);
  }

  /**
   * Per-holder verdicts (last outcome and time), including those reached after a request was
   * answered without the holder; add a listener to record faulty holders.
   */
  public HolderHealth holderHealth() {
    return deriver.health();
  }

  public ThresholdPublicKey thresholdPublicKey() {
    return deriver.combiner().thresholdPublicKey();
  }

  public MasterPublicKey masterPublicKey() {
    return thresholdPublicKey().masterPublicKey();
  }

  /** {@code vetkd_public_key}: the derived public key for (canister id, context) (spec §3). */
  public DerivedPublicKey publicKey(Bytes canisterId, Bytes context) {
    return deriver.combiner().publicKey(canisterId, context);
  }

  /** {@code vetkd_derive_key}: the verified 192-byte encrypted vetKey (spec §4). */
  public EncryptedVetKey derive(
      Bytes canisterId, Bytes context, Bytes input, TransportPublicKey tpk) throws VetKdException {
    return deriveWithReport(DeriveShareRequest.of(canisterId, context, input, tpk)).encryptedKey();
  }

  /**
   * As {@link #derive}, also naming the holders combined and those excluded (for the audit log).
   */
  public ThresholdDerivation deriveWithReport(DeriveShareRequest req) throws VetKdException {
    return deriver.derive(req);
  }

  @Override
  public void close() {
    deriver.close();
  }
}
