package io.dooor.vetkd.threshold;

import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdException.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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

  private static final Duration MAX_GRACE = Duration.ofMillis(100);

  private final ShareCombiner combiner;
  private final List<KeyShareHolder> holders;
  private final ExecutorService pool;
  private final Duration timeout;
  private final FanOut fanOut;
  private final AtomicInteger rotation = new AtomicInteger();

  /**
   * How long to keep waiting for the other holders once t answers are in: long enough for holders
   * answering together to be checked (and named if faulty), short enough that a hung holder costs a
   * request this much instead of the whole timeout.
   */
  private final Duration grace;

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
    this.grace = timeout.dividedBy(10).compareTo(MAX_GRACE) < 0 ? timeout.dividedBy(10) : MAX_GRACE;
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

  /**
   * Derives, verifies and combines; names every excluded holder in the result or the error. Shares
   * are combined as soon as t valid ones have arrived: a slow or hung holder delays a request only
   * when fewer than t others answered correctly before it.
   */
  public ThresholdDerivation derive(DeriveShareRequest req) throws VetKdException {
    List<KeyShareHolder> order = rotated();
    int t = combiner.thresholdPublicKey().threshold();
    int asked = fanOut == FanOut.ALL ? order.size() : Math.min(t, order.size());
    Calls calls = new Calls(req);
    try {
      calls.ask(order.subList(0, asked));
      while (true) {
        try {
          ThresholdDerivation done = calls.combineOnceEnough(t);
          if (done != null) {
            return done;
          }
        } catch (VetKdException e) {
          if (e.reason() != Reason.NOT_ENOUGH_SHARES) {
            throw e;
          }
        }
        if (asked >= order.size()) {
          // every holder has answered, failed or timed out: the combiner names each excluded one
          return combiner.combine(req, calls.answers, calls.excluded);
        }
        calls.ask(order.subList(asked, order.size()));
        asked = order.size();
      }
    } finally {
      calls.cancelPending();
    }
  }

  private List<KeyShareHolder> rotated() {
    int start = Math.floorMod(rotation.getAndIncrement(), holders.size());
    List<KeyShareHolder> out = new ArrayList<>(holders.subList(start, holders.size()));
    out.addAll(holders.subList(0, start));
    return out;
  }

  /** The outstanding holder calls of one request and the answers gathered so far. */
  private final class Calls {
    private final DeriveShareRequest req;
    private final CompletionService<Answer> done = new ExecutorCompletionService<>(pool);
    private final Map<Integer, Future<Answer>> pending = new TreeMap<>();
    private final List<EncryptedKeyShare> answers = new ArrayList<>();
    private final Map<Integer, String> excluded = new TreeMap<>();
    private final long deadline = System.nanoTime() + timeout.toNanos();

    Calls(DeriveShareRequest req) {
      this.req = req;
    }

    void ask(List<KeyShareHolder> ask) {
      for (KeyShareHolder h : ask) {
        pending.put(h.index(), done.submit(() -> call(h)));
      }
    }

    private Answer call(KeyShareHolder h) {
      try {
        return new Answer(h.index(), h.deriveShare(req), null);
      } catch (VetKdException | RuntimeException e) {
        return new Answer(h.index(), null, "failed: " + e);
      }
    }

    /**
     * Waits for answers and combines once at least t are in and either every call has ended or a
     * short grace period has passed since the t-th arrived (so that holders answering at about the
     * same time are still checked and, if faulty, named); null if every call asked so far has ended
     * without t answers.
     *
     * @throws VetKdException NOT_ENOUGH_SHARES from the last attempt when calls ended short
     */
    ThresholdDerivation combineOnceEnough(int t) throws VetKdException {
      VetKdException last = null;
      boolean untried = false;
      long graceEnd = Long.MAX_VALUE;
      while (true) {
        boolean enough = untried && answers.size() >= t;
        if (enough && (pending.isEmpty() || System.nanoTime() - graceEnd >= 0)) {
          untried = false;
          graceEnd = Long.MAX_VALUE;
          try {
            return combiner.combine(req, answers, excluded);
          } catch (VetKdException e) {
            if (e.reason() != Reason.NOT_ENOUGH_SHARES) {
              throw e;
            }
            last = e;
          }
          continue;
        }
        if (pending.isEmpty()) {
          if (last != null) {
            throw last;
          }
          return null;
        }
        if (enough && graceEnd == Long.MAX_VALUE) {
          graceEnd = System.nanoTime() + grace.toNanos();
        }
        untried |= take(enough ? graceEnd : deadline);
      }
    }

    /**
     * Takes the next answer, waiting until {@code until} (System.nanoTime); true if a share came
     * in. At the request deadline every pending call is cancelled and named as timed out.
     */
    private boolean take(long until) throws VetKdException {
      Future<Answer> f;
      try {
        f = done.poll(Math.min(until, deadline) - System.nanoTime(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new VetKdException(
            Reason.HOLDER_UNAVAILABLE, "interrupted while waiting for holders");
      }
      if (f == null) {
        if (System.nanoTime() - deadline >= 0) {
          for (Map.Entry<Integer, Future<Answer>> p : pending.entrySet()) {
            p.getValue().cancel(true);
            excluded.put(p.getKey(), "no answer within " + timeout);
          }
          pending.clear();
        }
        return false;
      }
      Answer a;
      try {
        a = f.get();
      } catch (ExecutionException | InterruptedException | CancellationException e) {
        throw new IllegalStateException("holder call ended abnormally", e);
      }
      pending.remove(a.index());
      if (a.failure() != null) {
        excluded.put(a.index(), a.failure());
        return false;
      }
      if (a.share().holderIndex() != a.index()) {
        excluded.put(a.index(), "answered with the index of holder " + a.share().holderIndex());
        return false;
      }
      answers.add(a.share());
      return true;
    }

    void cancelPending() {
      pending.values().forEach(f -> f.cancel(true));
    }
  }

  private record Answer(int index, EncryptedKeyShare share, String failure) {}

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
