package io.dooor.audit;

import io.dooor.audit.internal.TreeBuilder;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Background integration and checkpointing (Tessera's second phase): integrates sequenced entries
 * into the tiled tree in batches, then signs and saves a checkpoint when the tree grew: at most
 * once per {@code period}, and on demand with {@link #publishNow()}. Each batch reads its leaves
 * and right-edge tiles and hashes them on a read snapshot (no lock: appends proceed), then stores
 * the new tiles in one short compare-and-set transaction ({@link TreeBuilder}). Appends never wait
 * for reading, hashing or signing; on PostgreSQL they never wait for integration at all (different
 * rows), on SQLite only while one batch's tiles (about 32 rows) are written.
 */
public final class Integrator implements AutoCloseable {
  /** Leaves integrated per transaction. */
  public static final int BATCH = 8192;

  private final LogStorage storage;
  private final CheckpointSigner signer;
  private final AtomicReference<AuditException> lastFailure = new AtomicReference<>();
  private ScheduledExecutorService scheduler;
  private long published = -1;
  private volatile Consumer<String> onPublished = note -> {};

  public Integrator(LogStorage storage, CheckpointSigner signer) {
    this.storage = storage;
    this.signer = signer;
  }

  /**
   * Tells {@code listener} every checkpoint published from now on (on the integrating thread: it
   * must not block, e.g. {@link CosignatureCollector#offer}).
   */
  public void onPublished(Consumer<String> listener) {
    this.onPublished = listener;
  }

  /** Integrates everything sequenced so far; returns the resulting tree. */
  public TreeState integrateAll() throws AuditException {
    TreeState before;
    TreeState after = storage.treeState();
    do {
      before = after;
      after = TreeBuilder.integrate(storage, BATCH);
    } while (after.size() > before.size());
    return after;
  }

  /** Integrates, then signs and saves a checkpoint of the tree; returns the signed note. */
  public synchronized String publishNow() throws AuditException {
    TreeState tree = integrateAll();
    String note = signer.sign(Checkpoint.of(signer.origin(), tree.size(), tree.root()));
    storage.saveCheckpoint(tree.size(), note);
    published = tree.size();
    onPublished.accept(note);
    return note;
  }

  /** One scheduled round: integrate, and publish if the tree grew since the last checkpoint. */
  public synchronized Optional<String> tick() throws AuditException {
    TreeState tree = integrateAll();
    if (tree.size() == published) {
      return Optional.empty();
    }
    return Optional.of(publishNow());
  }

  /** Starts ticking every {@code periodMillis} (1000 for "at most once per second"). */
  public synchronized void start(long periodMillis) {
    if (scheduler != null) {
      return;
    }
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "audit-integrator");
              t.setDaemon(true);
              return t;
            });
    scheduler.scheduleWithFixedDelay(this::safeTick, 0, periodMillis, TimeUnit.MILLISECONDS);
  }

  /** The failure of the last scheduled round, if it failed (it is retried next round). */
  public Optional<AuditException> lastFailure() {
    return Optional.ofNullable(lastFailure.get());
  }

  private void safeTick() {
    try {
      tick();
      lastFailure.set(null);
    } catch (AuditException e) {
      lastFailure.set(e);
    } catch (RuntimeException | Error e) {
      // a periodic task that throws is never run again: keep integrating, and say why it failed
      lastFailure.set(
          new AuditException(AuditException.Reason.STORAGE, "integration failed: " + e, e));
    }
  }

  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdown();
      try {
        scheduler.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      scheduler = null;
    }
  }
}
