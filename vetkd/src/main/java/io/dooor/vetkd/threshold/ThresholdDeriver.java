package io.dooor.vetkd.threshold;

import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdException.Reason;
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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Asks key-share holders for encrypted key shares in parallel and hands the answers to the {@link
 * ShareCombiner}. With {@link FanOut#THRESHOLD_FIRST} (the default for in-process holders, where
 * every share costs CPU) it asks t holders, rotating which, and asks all the others only if fewer
 * than t valid shares came back; with {@link FanOut#ALL} (remote holders, where latency matters
 * more) it asks every holder at once.
 */
public final class ThresholdDeriver implements AutoCloseable {
  /** How many holders a request goes to first. */
  public enum FanOut {
    ALL,
    THRESHOLD_FIRST
  }

  private final ShareCombiner combiner;
  private final List<KeyShareHolder> holders;
  private final ExecutorService pool;
  private final Duration timeout;
  private final FanOut fanOut;
  private final AtomicInteger rotation = new AtomicInteger();

  public ThresholdDeriver(
      ShareCombiner combiner,
      List<? extends KeyShareHolder> holders,
      Duration timeout,
      FanOut fanOut)
      throws VetKdException {
    ThresholdPublicKey pk = combiner.thresholdPublicKey();
    long distinct = holders.stream().mapToInt(KeyShareHolder::index).distinct().count();
    if (distinct != holders.size()
        || holders.stream().anyMatch(h -> h.index() < 1 || h.index() > pk.holders())) {
      throw new VetKdException(
          Reason.INVALID_ARGUMENT, "holder indices must be distinct and in 1.." + pk.holders());
    }
    this.combiner = combiner;
    this.holders = List.copyOf(holders);
    this.timeout = timeout;
    this.fanOut = fanOut;
    this.pool =
        Executors.newFixedThreadPool(
            Math.max(1, Math.min(holders.size(), 16)),
            r -> {
              Thread t = new Thread(r, "vetkd-holder-call");
              t.setDaemon(true);
              return t;
            });
  }

  public ShareCombiner combiner() {
    return combiner;
  }

  /** Derives, verifies and combines; names every excluded holder in the result or the error. */
  public ThresholdDerivation derive(DeriveShareRequest req) throws VetKdException {
    List<KeyShareHolder> order = rotated();
    int t = combiner.thresholdPublicKey().threshold();
    int asked = fanOut == FanOut.ALL ? order.size() : Math.min(t, order.size());
    List<EncryptedKeyShare> answers = new ArrayList<>();
    Map<Integer, String> excluded = new TreeMap<>();
    collect(order.subList(0, asked), req, answers, excluded);
    while (true) {
      try {
        return combiner.combine(req, answers, excluded);
      } catch (VetKdException e) {
        if (e.reason() != Reason.NOT_ENOUGH_SHARES || asked >= order.size()) {
          throw e;
        }
        collect(order.subList(asked, order.size()), req, answers, excluded);
        asked = order.size();
      }
    }
  }

  private List<KeyShareHolder> rotated() {
    int start = Math.floorMod(rotation.getAndIncrement(), holders.size());
    List<KeyShareHolder> out = new ArrayList<>(holders.subList(start, holders.size()));
    out.addAll(holders.subList(0, start));
    return out;
  }

  private void collect(
      List<KeyShareHolder> ask,
      DeriveShareRequest req,
      List<EncryptedKeyShare> answers,
      Map<Integer, String> excluded)
      throws VetKdException {
    List<Future<EncryptedKeyShare>> calls = new ArrayList<>();
    for (KeyShareHolder h : ask) {
      calls.add(pool.submit(() -> h.deriveShare(req)));
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    for (int i = 0; i < calls.size(); i++) {
      int index = ask.get(i).index();
      try {
        EncryptedKeyShare s = calls.get(i).get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (s.holderIndex() == index) {
          answers.add(s);
        } else {
          excluded.put(index, "answered with the index of holder " + s.holderIndex());
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
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
