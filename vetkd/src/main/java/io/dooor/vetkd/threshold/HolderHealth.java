package io.dooor.vetkd.threshold;

import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Per-holder health as seen by the {@link ThresholdDeriver}: every verdict on every holder (those
 * reached while a request waited and the late ones reached in the background) lands here, in the
 * order reached. Keeps, per holder, the last verdict, the last faulty verdict and counters, and
 * passes each verdict on to the listeners added (the server records faulty holders). Thread-safe.
 */
public final class HolderHealth {
  /** One holder's record. */
  public record Status(
      int holder,
      HolderVerdict last,
      Optional<HolderVerdict> lastFault,
      long valid,
      long faulty,
      long lateVerdicts) {}

  private final Clock clock;
  private final Map<Integer, Status> byHolder = new TreeMap<>();
  private final List<Consumer<HolderVerdict>> listeners = new CopyOnWriteArrayList<>();

  public HolderHealth(Clock clock) {
    this.clock = clock;
  }

  /** Adds a listener called (on the thread that reached it) with every later verdict. */
  public void addListener(Consumer<HolderVerdict> listener) {
    listeners.add(listener);
  }

  /** Records a verdict reached now. */
  void record(int holder, HolderVerdict.Outcome outcome, String detail, boolean late) {
    record(new HolderVerdict(holder, outcome, detail, clock.instant(), late));
  }

  /**
   * Passes a verdict to every listener (a throwing one is skipped), then records it: whoever waits
   * in {@link #await} for a verdict finds it already delivered to the listeners.
   */
  public void record(HolderVerdict v) {
    for (Consumer<HolderVerdict> l : listeners) {
      try {
        l.accept(v);
      } catch (RuntimeException e) {
        // a listener's failure must not stop the derivation that reached the verdict
      }
    }
    synchronized (this) {
      Status old = byHolder.get(v.holder());
      long valid = old == null ? 0 : old.valid();
      long faulty = old == null ? 0 : old.faulty();
      long late = old == null ? 0 : old.lateVerdicts();
      Optional<HolderVerdict> lastFault = old == null ? Optional.empty() : old.lastFault();
      if (v.outcome().faulty()) {
        faulty++;
        lastFault = Optional.of(v);
      } else {
        valid++;
      }
      if (v.late()) {
        late++;
      }
      byHolder.put(v.holder(), new Status(v.holder(), v, lastFault, valid, faulty, late));
      notifyAll();
    }
  }

  /** Every holder with at least one verdict, by index. */
  public synchronized Map<Integer, Status> snapshot() {
    return Collections.unmodifiableMap(new TreeMap<>(byHolder));
  }

  /** One holder's record, if any verdict was reached on it. */
  public synchronized Optional<Status> status(int holder) {
    return Optional.ofNullable(byHolder.get(holder));
  }

  /**
   * Waits, at most {@code max}, until holder's record satisfies {@code condition}; for callers (and
   * tests) that need a verdict reached in the background.
   *
   * @return the record once it satisfies the condition, empty if {@code max} passed first
   */
  public synchronized Optional<Status> await(int holder, Predicate<Status> condition, Duration max)
      throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (true) {
      Status s = byHolder.get(holder);
      if (s != null && condition.test(s)) {
        return Optional.of(s);
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return Optional.empty();
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  @Override
  public synchronized String toString() {
    return "HolderHealth" + byHolder.keySet();
  }
}
