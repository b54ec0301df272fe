package io.dooor.vetkd.threshold;

import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdException.Reason;
import io.dooor.vetkd.threshold.HolderVerdict.Outcome;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Asks key-share holders for encrypted key shares in parallel and hands the answers to the {@link
 * ShareCombiner}. With {@link FanOut#THRESHOLD_FIRST} (the default for in-process holders, where
 * every share costs CPU) it asks t holders, rotating which, and asks all the others only if t valid
 * shares can no longer come from those; with {@link FanOut#ALL} (remote holders, where latency
 * matters more) it asks every holder at once.
 *
 * <p>A request is answered as soon as t shares have arrived and verified: a slow or hung holder
 * costs a request nothing while t others answer correctly. The calls not waited for keep running in
 * the background up to the timeout (then they are cancelled); their answers are verified one by one
 * and every verdict, late or not, goes to {@link #health()}, so a faulty holder is always named
 * even when its answer was not needed. Each holder has at most {@link #MAX_IN_FLIGHT} calls
 * outstanding: beyond that (a hung holder under load) it is not asked and counts as failed.
 */
public final class ThresholdDeriver implements AutoCloseable {
  /** How many holders a request goes to first. */
  public enum FanOut {
    ALL,
    THRESHOLD_FIRST
  }

  /** Most calls one holder may have outstanding (running or not yet timed out). */
  public static final int MAX_IN_FLIGHT = 64;

  private final ShareCombiner combiner;
  private final ShareCheck check;
  private final List<KeyShareHolder> holders;
  private final Map<Integer, AtomicInteger> inFlight = new TreeMap<>();
  private final ExecutorService pool;
  private final ScheduledExecutorService timer;
  private final Duration timeout;
  private final FanOut fanOut;
  private final HolderHealth health;
  private final AtomicInteger rotation = new AtomicInteger();

  public ThresholdDeriver(
      ShareCombiner combiner,
      List<? extends KeyShareHolder> holders,
      Duration timeout,
      FanOut fanOut)
      throws VetKdException {
    this(combiner, holders, timeout, fanOut, new HolderHealth(Clock.systemUTC()));
  }

  /** As above, reporting every verdict to {@code health}. */
  public ThresholdDeriver(
      ShareCombiner combiner,
      List<? extends KeyShareHolder> holders,
      Duration timeout,
      FanOut fanOut,
      HolderHealth health)
      throws VetKdException {
    ThresholdPublicKey pk = combiner.thresholdPublicKey();
    long distinct = holders.stream().mapToInt(KeyShareHolder::index).distinct().count();
    if (holders.isEmpty()
        || distinct != holders.size()
        || holders.stream().anyMatch(h -> h.index() < 1 || h.index() > pk.holders())) {
      throw new VetKdException(
          Reason.INVALID_ARGUMENT,
          "holder indices must be distinct and in 1.." + pk.holders() + " (at least one)");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new VetKdException(Reason.INVALID_ARGUMENT, "timeout must be positive: " + timeout);
    }
    this.combiner = combiner;
    this.check = new ShareCheck(pk, new SecureRandom());
    this.holders = List.copyOf(holders);
    this.holders.forEach(h -> inFlight.put(h.index(), new AtomicInteger()));
    this.timeout = timeout;
    this.fanOut = fanOut;
    this.health = health;
    // unbounded: a hung holder must not hold up calls to the others (MAX_IN_FLIGHT bounds it)
    this.pool = Executors.newCachedThreadPool(daemon("vetkd-holder-call"));
    this.timer = Executors.newSingleThreadScheduledExecutor(daemon("vetkd-holder-timeout"));
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  public ShareCombiner combiner() {
    return combiner;
  }

  /** Where every verdict on every holder lands, including those reached after a request. */
  public HolderHealth health() {
    return health;
  }

  /**
   * Derives, verifies and combines; names every excluded holder in the result or the error, and the
   * holders not waited for in {@link ThresholdDerivation#notWaitedFor()}.
   */
  public ThresholdDerivation derive(DeriveShareRequest req) throws VetKdException {
    List<KeyShareHolder> order = rotated();
    int t = combiner.thresholdPublicKey().threshold();
    int asked = fanOut == FanOut.ALL ? order.size() : Math.min(t, order.size());
    Round round = new Round(req, t);
    try {
      round.ask(order.subList(0, asked));
      while (true) {
        ThresholdDerivation done = round.collect(asked >= order.size());
        if (done != null) {
          return done.withNotWaitedFor(round.settle());
        }
        if (asked >= order.size()) {
          // fewer than t valid shares: the combiner names every excluded holder
          round.judgeShares();
          return combiner.combine(req, round.shares, round.excluded);
        }
        round.ask(order.subList(asked, order.size()));
        asked = order.size();
      }
    } finally {
      round.settle();
    }
  }

  private List<KeyShareHolder> rotated() {
    int start = Math.floorMod(rotation.getAndIncrement(), holders.size());
    List<KeyShareHolder> out = new ArrayList<>(holders.subList(start, holders.size()));
    out.addAll(holders.subList(0, start));
    return out;
  }

  /** What one holder call ended with: a share or a failure. */
  private record Answer(int index, EncryptedKeyShare share, String failure) {}

  /**
   * The calls of one request. The requesting thread takes answers from the inbox until it settles;
   * after that, calls still running verify their own answers and report them as late.
   */
  private final class Round {
    private final DeriveShareRequest req;
    private final int t;
    private long deadline; // of the calls asked last
    private final BlockingQueue<Answer> inbox = new LinkedBlockingQueue<>();
    // guarded by this: the calls not yet answered, and whether the request has settled
    private final Map<Integer, Future<?>> pending = new LinkedHashMap<>();
    private boolean settled;
    // owned by the requesting thread
    private final List<EncryptedKeyShare> shares = new ArrayList<>();
    private final Set<Integer> verified = new HashSet<>();
    private final Map<Integer, String> excluded = new TreeMap<>();
    private boolean untried;

    Round(DeriveShareRequest req, int t) {
      this.req = req;
      this.t = t;
    }

    /** Asks {@code ask}, each call given the timeout from now. */
    void ask(List<KeyShareHolder> ask) {
      deadline = System.nanoTime() + timeout.toNanos();
      for (KeyShareHolder h : ask) {
        AtomicInteger busy = inFlight.get(h.index());
        if (busy.incrementAndGet() > MAX_IN_FLIGHT) {
          busy.decrementAndGet();
          fail(
              h.index(),
              Outcome.FAILED,
              ThresholdDerivation.NOT_ASKED + MAX_IN_FLIGHT + " calls outstanding");
          continue;
        }
        boolean closed = false;
        synchronized (this) {
          try {
            pending.put(h.index(), pool.submit(() -> call(h, busy)));
          } catch (RejectedExecutionException e) {
            closed = true;
          }
        }
        if (closed) {
          busy.decrementAndGet();
          fail(h.index(), Outcome.FAILED, ThresholdDerivation.NOT_ASKED + "the deriver is closed");
        }
      }
    }

    private void fail(int index, Outcome outcome, String why) {
      excluded.put(index, why);
      health.record(index, outcome, why, false);
    }

    /** Runs on a pool thread: one holder call, its answer handed in or, if late, verified here. */
    private void call(KeyShareHolder h, AtomicInteger busy) {
      Answer a;
      try {
        EncryptedKeyShare s = h.deriveShare(req);
        a =
            s.holderIndex() == h.index()
                ? new Answer(h.index(), s, null)
                : new Answer(
                    h.index(), null, "answered with the index of holder " + s.holderIndex());
      } catch (VetKdException | RuntimeException e) {
        a = new Answer(h.index(), null, "failed: " + e);
      } finally {
        busy.decrementAndGet();
      }
      synchronized (this) {
        if (pending.remove(h.index()) == null) {
          return; // timed out and reported already
        }
        if (!settled) {
          inbox.add(a);
          return;
        }
      }
      judgeLate(a);
    }

    /** Verifies an answer that came after the request settled and reports the verdict. */
    private void judgeLate(Answer a) {
      if (a.failure() != null) {
        health.record(a.index(), Outcome.FAILED, a.failure(), true);
        return;
      }
      String problem = check.problem(req, a.share());
      if (problem == null) {
        health.record(a.index(), Outcome.VALID, "share verified", true);
      } else {
        health.record(a.index(), Outcome.INVALID_SHARE, problem, true);
      }
    }

    /**
     * Takes answers until t verified shares combine (the result), or until t valid shares cannot
     * come from the calls made so far (null): every call ended, the timeout passed, or too few are
     * left. With {@code last} (no one else to ask) the calls still running are then named as not
     * waited for in {@link #excluded}.
     */
    ThresholdDerivation collect(boolean last) throws VetKdException {
      while (true) {
        if (untried && shares.size() >= t) {
          untried = false;
          ThresholdDerivation d = tryCombine();
          if (d != null) {
            return d;
          }
        }
        int open;
        synchronized (this) {
          open = pending.size();
        }
        if (shares.size() + inbox.size() + open < t) {
          drain();
          if (last) {
            synchronized (this) {
              for (Integer i : pending.keySet()) {
                excluded.put(
                    i,
                    ThresholdDerivation.NOT_WAITED_FOR
                        + "fewer than t valid shares could still come");
              }
            }
          }
          return null;
        }
        Answer a;
        try {
          a = inbox.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new VetKdException(
              Reason.HOLDER_UNAVAILABLE, "interrupted while waiting for holders");
        }
        if (a == null) {
          expire(false);
          drain();
          return null;
        }
        take(a);
      }
    }

    private void drain() {
      for (Answer a = inbox.poll(); a != null; a = inbox.poll()) {
        take(a);
      }
    }

    private void take(Answer a) {
      if (a.failure() != null) {
        fail(a.index(), Outcome.FAILED, a.failure());
      } else {
        shares.add(a.share());
        untried = true;
      }
    }

    /**
     * Combines the shares in hand; null (with the invalid ones moved to {@link #excluded}) if fewer
     * than t of them are valid.
     */
    private ThresholdDerivation tryCombine() throws VetKdException {
      try {
        ThresholdDerivation d = combiner.combine(req, shares, excluded);
        for (EncryptedKeyShare s : shares) {
          int i = s.holderIndex();
          String bad = d.excludedHolders().get(i);
          if (bad != null && !excluded.containsKey(i)) {
            health.record(i, Outcome.INVALID_SHARE, bad, false);
          } else if (bad == null && verified.add(i)) {
            health.record(i, Outcome.VALID, "share verified", false);
          }
        }
        return d;
      } catch (VetKdException e) {
        if (e.reason() != Reason.NOT_ENOUGH_SHARES) {
          throw e;
        }
      }
      // fewer than t valid: find out which are invalid, so that they are named and not retried
      judgeShares();
      return null;
    }

    /** Verifies the shares in hand not yet verified; keeps the valid ones, excludes the others. */
    void judgeShares() {
      List<EncryptedKeyShare> good = new ArrayList<>();
      for (EncryptedKeyShare s : shares) {
        int i = s.holderIndex();
        String problem = verified.contains(i) ? null : check.problem(req, s);
        if (problem == null) {
          good.add(s);
          if (verified.add(i)) {
            health.record(i, Outcome.VALID, "share verified", false);
          }
        } else {
          fail(i, Outcome.INVALID_SHARE, problem);
        }
      }
      shares.clear();
      shares.addAll(good);
    }

    /** Cancels the calls still running and names them as timed out. */
    private void expire(boolean late) {
      Map<Integer, Future<?>> gone;
      synchronized (this) {
        gone = new TreeMap<>(pending);
        pending.clear();
      }
      gone.forEach(
          (i, f) -> {
            f.cancel(true);
            String why = ThresholdDerivation.NO_ANSWER + timeout;
            if (late) {
              health.record(i, Outcome.TIMED_OUT, why, true);
            } else {
              fail(i, Outcome.TIMED_OUT, why);
            }
          });
    }

    /**
     * Ends the request (once; later calls return an empty list): answers not yet taken are verified
     * in the background, and the calls still running are cancelled when the timeout is up.
     *
     * @return the holders not waited for: still running, or answered but not taken
     */
    List<Integer> settle() {
      List<Integer> notWaitedFor = new ArrayList<>();
      synchronized (this) {
        if (settled) {
          return notWaitedFor;
        }
        settled = true;
        notWaitedFor.addAll(pending.keySet());
      }
      boolean running = !notWaitedFor.isEmpty();
      List<Answer> unread = new ArrayList<>();
      inbox.drainTo(unread);
      try {
        for (Answer a : unread) {
          notWaitedFor.add(a.index());
          pool.execute(() -> judgeLate(a));
        }
        if (running) {
          Future<?> unused =
              timer.schedule(
                  () -> expire(true), deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        }
      } catch (RejectedExecutionException e) {
        // closed: the pool's threads are interrupted, nothing more will be verified
      }
      notWaitedFor.sort(null);
      return notWaitedFor;
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    pool.shutdownNow();
  }
}
