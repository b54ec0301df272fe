package io.dooor.vetkd;

import io.dooor.core.Bytes;
import io.dooor.vetkd.VetKdException.Reason;
import io.dooor.vetkd.threshold.DeriveShareRequest;
import io.dooor.vetkd.threshold.EncryptedKeyShare;
import io.dooor.vetkd.threshold.KeyShareHolder;
import io.dooor.vetkd.threshold.LocalKeyShareHolder;
import io.dooor.vetkd.threshold.ShareCombiner;
import io.dooor.vetkd.threshold.ThresholdDerivation;
import io.dooor.vetkd.threshold.ThresholdKeyGenerator;
import io.dooor.vetkd.threshold.ThresholdPublicKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The server side of vetKD (DESIGN §5): {@code vetkd_public_key} and {@code vetkd_derive_key} (spec
 * §7) answered by t-of-n key-share holders, none of which holds the master key. Every holder is
 * asked in parallel; every answer is verified against the holder's public key share; t valid shares
 * are combined and the result is verified before it is returned.
 */
public final class VetKdService implements AutoCloseable {
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  private final ShareCombiner combiner;
  private final List<KeyShareHolder> holders;
  private final ExecutorService pool;
  private final Duration timeout;

  private VetKdService(
      ShareCombiner combiner,
      List<KeyShareHolder> holders,
      ExecutorService pool,
      Duration timeout) {
    this.combiner = combiner;
    this.holders = List.copyOf(holders);
    this.pool = pool;
    this.timeout = timeout;
  }

  /**
   * A service over existing holders (in-process or remote). The holders' indices must be distinct
   * and within 1..n of {@code publicKey}.
   */
  public static VetKdService create(
      ThresholdPublicKey publicKey, List<? extends KeyShareHolder> holders, Duration timeout)
      throws VetKdException {
    long distinct = holders.stream().mapToInt(KeyShareHolder::index).distinct().count();
    if (distinct != holders.size()
        || holders.stream().anyMatch(h -> h.index() < 1 || h.index() > publicKey.holders())) {
      throw new VetKdException(
          Reason.INVALID_ARGUMENT,
          "holder indices must be distinct and in 1.." + publicKey.holders());
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, Math.min(holders.size(), 16)),
            r -> {
              Thread t = new Thread(r, "vetkd-holder-call");
              t.setDaemon(true);
              return t;
            });
    SecureRandom rng = new SecureRandom();
    return new VetKdService(
        new ShareCombiner(publicKey, rng), new ArrayList<>(holders), pool, timeout);
  }

  /** The embedded default: fresh t-of-n key generation and n in-process holders. */
  public static VetKdService inProcess(int threshold, int holders) throws VetKdException {
    SecureRandom rng = new SecureRandom();
    ThresholdKeyGenerator.Generated g = new ThresholdKeyGenerator(rng).generate(threshold, holders);
    List<KeyShareHolder> local = new ArrayList<>();
    g.shares().forEach(s -> local.add(new LocalKeyShareHolder(s, rng)));
    return create(g.publicKey(), local, DEFAULT_TIMEOUT);
  }

  public ThresholdPublicKey thresholdPublicKey() {
    return combiner.thresholdPublicKey();
  }

  public MasterPublicKey masterPublicKey() {
    return combiner.thresholdPublicKey().masterPublicKey();
  }

  /** {@code vetkd_public_key}: the derived public key for (canister id, context) (spec §3). */
  public DerivedPublicKey publicKey(Bytes canisterId, Bytes context) {
    return combiner.publicKey(canisterId, context);
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
    List<Future<EncryptedKeyShare>> calls = new ArrayList<>();
    for (KeyShareHolder h : holders) {
      calls.add(pool.submit(() -> h.deriveShare(req)));
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    List<EncryptedKeyShare> answers = new ArrayList<>();
    Map<Integer, String> excluded = new TreeMap<>();
    for (int i = 0; i < calls.size(); i++) {
      int index = holders.get(i).index();
      try {
        EncryptedKeyShare s = calls.get(i).get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (s.holderIndex() != index) {
          excluded.put(index, "answered with the index of holder " + s.holderIndex());
        } else {
          answers.add(s);
        }
      } catch (ExecutionException e) {
        excluded.put(index, "failed: " + e.getCause());
      } catch (TimeoutException e) {
        calls.get(i).cancel(true);
        excluded.put(index, "no answer within " + timeout);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new VetKdException(
            Reason.HOLDER_UNAVAILABLE, "interrupted while waiting for holders");
      }
    }
    return combiner.combine(req, answers, excluded);
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
