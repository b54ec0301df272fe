package io.dooor.core;

import io.dooor.core.ControlPlaneException.Reason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The control plane's side of shard repair (issue 13): which shards are due, the per-blob lease (a
 * {@link Lease} with its fencing token, like every background duty's), and the placement change,
 * accepted only under the current token. The work itself (fetching, rebuilding, uploading
 * ciphertext) is the server's repair job.
 */
final class Repairs {
  private final Recorder recorder;
  private final Clock clock;

  Repairs(Recorder recorder, Clock clock) {
    this.recorder = recorder;
    this.clock = clock;
  }

  /**
   * Shards due for repair: on a DEACTIVATED node, or one UNREACHABLE for longer than {@code grace}
   * since its last heartbeat (blobs not LOST).
   */
  List<RepairJob> due(Duration grace) {
    View view = recorder.view();
    Instant now = clock.instant();
    List<RepairJob> out = new ArrayList<>();
    for (Blob blob : view.blobs()) {
      for (BlobShard s : blob.shards()) {
        if (blob.state() != Blob.State.LOST && lost(view.find(s.node()), now, grace)) {
          out.add(job(blob.id(), s, now));
        }
      }
    }
    return out;
  }

  private static boolean lost(Optional<Node> node, Instant now, Duration grace) {
    if (node.isEmpty() || node.get().state() == NodeState.DEACTIVATED) {
      return true;
    }
    Instant last = node.get().lastHeartbeatAt();
    return node.get().state() == NodeState.UNREACHABLE
        && (last == null || !now.isBefore(last.plus(grace)));
  }

  private static RepairJob job(String blob, BlobShard s, Instant now) {
    return new RepairJob(
        blob, s.index(), s.node(), Optional.empty(), RepairJob.State.PENDING, 0, "", now);
  }

  /** The lease duty of blob {@code id}'s repair. */
  static String duty(String id) {
    return "repair:" + id;
  }

  /**
   * Takes or renews the blob's repair lease ({@link Lease}, duty {@code repair:ID}) for {@code
   * owner} until now + {@code ttl}. A new holder gets the next fencing token (an event); CONFLICT
   * if another holder's lease is live.
   */
  Lease lease(String owner, String id, Duration ttl) throws ControlPlaneException {
    return recorder.run(
        Caller.system(),
        "blob.lease_taken",
        "blob:" + id,
        tx -> {
          tx.existingBlob(id);
          Instant now = clock.instant();
          Optional<Lease> taken = tx.acquireLease(duty(id), owner, now, ttl);
          if (taken.isEmpty()) {
            Lease held = tx.store().leaseOf(duty(id)).orElseThrow();
            throw new ControlPlaneException(
                Reason.CONFLICT,
                "blob " + id + " is leased to " + held.holder() + " until " + held.expiresAt());
          }
          return taken.get();
        });
  }

  /** Records a repair's progress or failure (no placement change). */
  void progress(RepairJob job) throws ControlPlaneException {
    recorder.run(
        Caller.system(),
        "blob.repair_" + job.state().name().toLowerCase(java.util.Locale.ROOT),
        "blob:" + job.blobId(),
        tx -> {
          Optional<RepairJob> old =
              tx.repairJobs().stream()
                  .filter(j -> j.blobId().equals(job.blobId()) && j.index() == job.index())
                  .findFirst();
          tx.store().putRepairJob(job);
          if (old.map(o -> o.state() != job.state()).orElse(true)) {
            tx.ok(facts(job));
          }
          return null;
        });
  }

  /**
   * Moves shard {@code index} to {@code to} under manifest {@code m} (placement changed at that
   * index only), if {@code lease} is still the blob's repair lease and {@code to} is ACTIVE and
   * holds no other shard of the blob; the shard is then STORED and the job DONE.
   */
  Blob placed(Lease lease, BlobManifest m, int index, NodeId to, long bytes)
      throws ControlPlaneException {
    return recorder.run(
        Caller.system(),
        "blob.repaired",
        "blob:" + m.id(),
        tx -> {
          Blob blob = tx.existingBlob(m.id());
          requireLease(tx, lease, m.id(), clock.instant());
          requireMove(tx, blob, m, index, to);
          List<BlobShard> shards = new ArrayList<>(blob.shards());
          BlobShard old = shards.get(index);
          shards.set(index, new BlobShard(index, old.sha256(), to, BlobShard.State.STORED));
          Blob moved = blob.withManifest(m.bytes(), m.digest(), blob.epoch(), shards);
          tx.store().putBlob(moved);
          RepairJob done =
              new RepairJob(
                  m.id(),
                  index,
                  old.node(),
                  Optional.of(to),
                  RepairJob.State.DONE,
                  bytes,
                  "",
                  clock.instant());
          tx.store().putRepairJob(done);
          Map<String, String> f = new java.util.HashMap<>(facts(done));
          f.put("manifest_sha256", m.digest().hex());
          f.put("token", Long.toString(lease.token()));
          f.put("state", moved.state().name());
          tx.ok(f);
          return moved;
        });
  }

  private static void requireLease(AuditedTx tx, Lease lease, String id, Instant now)
      throws ControlPlaneException {
    if (!lease.duty().equals(duty(id))) {
      throw new ControlPlaneException(
          Reason.INVALID_ARGUMENT, "lease: " + lease.duty() + " is not the repair lease of " + id);
    }
    tx.requireLease(lease, now);
  }

  private static void requireMove(View view, Blob blob, BlobManifest m, int index, NodeId to)
      throws ControlPlaneException {
    boolean ok = m.sameData(blob) && index >= 0 && index < blob.shards().size();
    for (int i = 0; ok && i < m.shards().size(); i++) {
      NodeId want = i == index ? to : blob.shards().get(i).node();
      ok = m.shards().get(i).node().equals(want);
    }
    if (!ok || blob.shardOn(to).isPresent()) {
      throw new ControlPlaneException(
          Reason.INVALID_ARGUMENT,
          "manifest: must move only shard " + index + " of " + blob.id() + " to a new node " + to);
    }
    BlobRules.requireActive(view.existing(to), "repair target");
  }

  private static Map<String, String> facts(RepairJob j) {
    return Map.of(
        "index", Integer.toString(j.index()),
        "from", j.from().value(),
        "to", j.to().map(NodeId::value).orElse(""),
        "bytes", Long.toString(j.bytesMoved()),
        "detail", j.detail());
  }
}
