package io.dooor.client.data.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A few daemon threads for the hashing and writing of one blob's shards, or none (then work runs on
 * the caller's thread as it is submitted). Closing stops them.
 */
public final class Workers implements AutoCloseable {
  private static final AtomicInteger NAMES = new AtomicInteger();
  private final ExecutorService pool;

  private Workers(ExecutorService pool) {
    this.pool = pool;
  }

  /** {@code threads} workers; 0 means the caller's thread only. */
  public static Workers create(int threads) {
    if (threads < 0) {
      throw new IllegalArgumentException("threads " + threads);
    }
    if (threads == 0) {
      return new Workers(null);
    }
    return new Workers(
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "dooor-data-" + NAMES.incrementAndGet());
              t.setDaemon(true);
              return t;
            }));
  }

  /** A task that may fail with an IOException. */
  @FunctionalInterface
  public interface Task {
    void run() throws IOException;
  }

  /** A group of tasks waited for together. */
  public final class Batch {
    private final List<Future<?>> futures = new ArrayList<>();

    /** Runs the task on a worker, or now when there are none. */
    public void submit(Task task) throws IOException {
      if (pool == null) {
        task.run();
        return;
      }
      futures.add(
          pool.submit(
              () -> {
                try {
                  task.run();
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              }));
    }

    /** Waits for every task submitted so far; rethrows the first failure. */
    public void await() throws IOException {
      try {
        for (Future<?> f : futures) {
          f.get();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted waiting for shard work");
      } catch (ExecutionException e) {
        throw rethrow(e.getCause());
      } finally {
        futures.clear();
      }
    }
  }

  public Batch batch() {
    return new Batch();
  }

  /** The workers as an Executor; without workers, one that runs each task as it is given. */
  public Executor executor() {
    return pool == null ? Runnable::run : pool;
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  private static IOException rethrow(Throwable cause) {
    if (cause instanceof UncheckedIOException u) {
      return u.getCause();
    }
    if (cause instanceof RuntimeException r) {
      throw r;
    }
    if (cause instanceof Error e) {
      throw e;
    }
    return new IOException(cause);
  }
}
