package io.dooor.audit;

import io.dooor.audit.internal.NoteCodec;
import io.dooor.common.Bytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The log's side of C2SP tlog-witness: submits each new checkpoint to every configured witness with
 * a consistency proof from the size that witness last cosigned (from storage; on a 409, from the
 * size the witness names), verifies each returned cosignature against that witness's key, and saves
 * it. In the background ({@link #offer}): appends and integration never wait for a witness; only
 * the latest offered checkpoint is submitted, and a round that could not reach a witness is tried
 * again after the retry period. The transport (HTTP) is the caller's.
 */
public final class CosignatureCollector implements AutoCloseable {
  /** One add-checkpoint exchange: the request body in, the HTTP status and body out. */
  @FunctionalInterface
  public interface Transport {
    Reply addCheckpoint(byte[] body) throws IOException;
  }

  /** A witness's answer. */
  public record Reply(int status, byte[] body) {}

  /** A configured witness: its cosigner key and how to reach it. */
  public record Endpoint(CosignerKey key, String address, Transport transport) {}

  /** What became of one submission to one witness. */
  public enum Status {
    COSIGNED,
    ALREADY_COSIGNED,
    REFUSED,
    UNREACHABLE
  }

  /** One witness's outcome for one checkpoint, with its round-trip time. */
  public record Outcome(Endpoint witness, long size, Status status, String detail, long nanos) {}

  private final AuditLog log;
  private final LogStorage storage;
  private final List<Endpoint> witnesses;
  private final Consumer<List<Outcome>> listener;
  private final long retryMillis;
  private final ExecutorService pool;
  private final AtomicReference<String> pending = new AtomicReference<>();
  private final Semaphore wake = new Semaphore(0);
  private final Thread worker;
  private volatile boolean closed;

  /**
   * @param listener told every round's outcomes (the server logs refusals)
   * @param retryMillis how long after a round that could not reach a witness it is tried again
   */
  public CosignatureCollector(
      AuditLog log,
      LogStorage storage,
      List<Endpoint> witnesses,
      Consumer<List<Outcome>> listener,
      long retryMillis) {
    this.log = log;
    this.storage = storage;
    this.witnesses = List.copyOf(witnesses);
    this.listener = listener;
    this.retryMillis = retryMillis;
    this.pool = Executors.newCachedThreadPool(r -> daemon(r, "audit-witness"));
    this.worker = daemon(this::loop, "audit-cosignatures");
    worker.start();
  }

  /** Queues {@code signedNote} for the background round (replacing one not yet submitted). */
  public void offer(String signedNote) {
    pending.set(signedNote);
    wake.release();
  }

  /** Submits {@code signedNote} to every witness at once and waits for all; saves cosignatures. */
  public List<Outcome> submit(String signedNote) throws AuditException {
    Checkpoint cp = Checkpoint.parse(NoteCodec.parse(utf8(signedNote)).text());
    List<CompletableFuture<Outcome>> all = new ArrayList<>();
    for (Endpoint w : witnesses) {
      all.add(CompletableFuture.supplyAsync(() -> timed(w, cp, signedNote), pool));
    }
    return all.stream().map(CompletableFuture::join).toList();
  }

  private Outcome timed(Endpoint w, Checkpoint cp, String note) {
    long start = System.nanoTime();
    try {
      return submitTo(w, cp, note, start);
    } catch (IOException e) {
      return outcome(w, cp, Status.UNREACHABLE, String.valueOf(e.getMessage()), start);
    } catch (AuditException e) {
      return outcome(w, cp, Status.REFUSED, e.getMessage(), start);
    }
  }

  private Outcome submitTo(Endpoint w, Checkpoint cp, String note, long start)
      throws IOException, AuditException {
    String id = w.key().toString();
    if (storage.cosignatures(cp.size()).containsKey(id)) {
      return outcome(w, cp, Status.ALREADY_COSIGNED, "", start);
    }
    long old = storage.latestCosignedSize(id);
    Reply r = post(w, old, cp, note);
    if (r.status() == 409 && sizeIn(r) >= 0 && sizeIn(r) <= cp.size() && sizeIn(r) != old) {
      r = post(w, sizeIn(r), cp, note); // the witness knows a size we did not record
    }
    if (r.status() != 200) {
      Status s = r.status() >= 500 ? Status.UNREACHABLE : Status.REFUSED;
      return outcome(w, cp, s, "HTTP " + r.status() + ": " + text(r.body(), 300), start);
    }
    storage.saveCosignature(cp.size(), id, verifiedLine(w.key(), cp, note, r.body()));
    return outcome(w, cp, Status.COSIGNED, "", start);
  }

  private Reply post(Endpoint w, long old, Checkpoint cp, String note)
      throws IOException, AuditException {
    if (old > cp.size()) {
      throw new AuditException(
          AuditException.Reason.TREE_SIZE_ORDER,
          "witness cosigned size " + old + ", larger than this checkpoint's " + cp.size());
    }
    List<Bytes> proof =
        old == 0 || old == cp.size() ? List.of() : log.consistencyProof(old, cp.size()).hashes();
    return w.transport().addCheckpoint(new AddCheckpointRequest(old, proof, note).encode());
  }

  /** The one line of the reply that is {@code key}'s valid cosignature on {@code cp}. */
  private static String verifiedLine(CosignerKey key, Checkpoint cp, String note, byte[] body)
      throws AuditException {
    WitnessPolicy only = new WitnessPolicy(List.of(key), 1);
    for (String line : text(body, AddCheckpointRequest.MAX_BODY).split("(?<=\n)")) {
      if (!line.endsWith("\n") || !line.startsWith(NoteCodec.SIG_PREFIX + key.name() + " ")) {
        continue;
      }
      try {
        if (!only.cosignatures(note + line, cp).isEmpty()) {
          return line;
        }
      } catch (AuditException e) {
        throw new AuditException(e.reason(), "witness reply: " + e.getMessage(), e);
      }
    }
    throw new AuditException(
        AuditException.Reason.SIGNATURE_INVALID, "witness reply has no cosignature by " + key);
  }

  private static long sizeIn(Reply r) {
    String s = text(r.body(), 64).strip();
    return s.matches("0|[1-9][0-9]{0,18}") ? Long.parseLong(s) : -1;
  }

  private void loop() {
    String retry = null;
    while (!closed) {
      try {
        boolean woken = wake.tryAcquire(retryMillis, TimeUnit.MILLISECONDS);
        wake.drainPermits();
        String note = pending.getAndSet(null);
        if (note == null && !woken) {
          note = retry;
        }
        if (note != null && !closed) {
          List<Outcome> out = submit(note);
          retry = out.stream().anyMatch(o -> o.status() == Status.UNREACHABLE) ? note : null;
          listener.accept(out);
        }
      } catch (InterruptedException e) {
        return;
      } catch (AuditException | RuntimeException e) {
        retry = null; // a note we cannot parse is not worth another round
      }
    }
  }

  private static Outcome outcome(Endpoint w, Checkpoint cp, Status s, String detail, long start) {
    return new Outcome(w, cp.size(), s, detail, System.nanoTime() - start);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] b, int max) {
    return new String(b, 0, Math.min(b.length, max), StandardCharsets.UTF_8);
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  @Override
  public void close() {
    closed = true;
    worker.interrupt();
    pool.shutdownNow();
  }
}
