package io.dooor.core;

import io.dooor.common.Bytes;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An encrypted blob as the control plane keeps it (issue 13): the facts of its manifest that the
 * control plane decides on (parsed at the edge from {@code EncryptedBlob}; core holds the manifest
 * bytes opaque) and the state of each shard (its repair lease is a {@link Lease}, duty {@code
 * repair:ID}). The control plane never holds a key or plaintext of a blob: only the wrapped key
 * inside the manifest.
 *
 * @param id 32 lower-case hex digits (the 16 blob id bytes)
 * @param manifest the canonical manifest bytes (current placement and wrapped key)
 * @param manifestDigest SHA-256 of {@code manifest}
 * @param epoch the data epoch the current wrapped key is wrapped at
 */
public record Blob(
    String id,
    State state,
    Bytes manifest,
    Bytes manifestDigest,
    long epoch,
    int k,
    long size,
    List<BlobShard> shards,
    List<NodeId> targets,
    List<Principal> recovery,
    Principal creator,
    Instant createdAt) {
  private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");

  /** The blob's health: shards still being placed, all stored, some missing, fewer than k left. */
  public enum State {
    PLACING,
    COMPLETE,
    DEGRADED,
    LOST
  }

  public Blob {
    requireId(id);
    shards = List.copyOf(shards);
    targets = List.copyOf(targets);
    recovery = List.copyOf(recovery);
    if (k < 1 || k > shards.size() || shards.size() > 255) {
      throw new IllegalArgumentException("k " + k + " of " + shards.size() + " shards");
    }
    for (int i = 0; i < shards.size(); i++) {
      if (shards.get(i).index() != i) {
        throw new IllegalArgumentException("shard at " + i + " has index " + shards.get(i).index());
      }
    }
    if (epoch < 0 || size < 0 || manifestDigest.length() != 32) {
      throw new IllegalArgumentException("blob " + id + ": bad epoch, size or digest");
    }
  }

  /** Throws IllegalArgumentException unless {@code id} is 32 lower-case hex digits. */
  public static String requireId(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException("blob_id must be 32 lower-case hex digits");
    }
    return id;
  }

  /** The shard on {@code node}, if the blob has one there. */
  public Optional<BlobShard> shardOn(NodeId node) {
    return shards.stream().filter(s -> s.node().equals(node)).findFirst();
  }

  /** The state the shards' states imply once placed: COMPLETE, DEGRADED or LOST. */
  public State placedState() {
    long stored = shards.stream().filter(s -> s.state() == BlobShard.State.STORED).count();
    long pending = shards.stream().filter(s -> s.state() == BlobShard.State.PENDING).count();
    if (stored == shards.size()) {
      return State.COMPLETE;
    }
    if (stored + pending < k) {
      return State.LOST;
    }
    return state == State.PLACING && stored + pending == shards.size()
        ? State.PLACING
        : State.DEGRADED;
  }

  public Blob withShards(List<BlobShard> changed) {
    Blob b = copy(state, manifest, manifestDigest, epoch, changed);
    return b.copy(b.placedState(), manifest, manifestDigest, epoch, changed);
  }

  /** This blob under a new manifest (rewrap or repair: same id, layout, targets and recovery). */
  public Blob withManifest(Bytes newManifest, Bytes digest, long newEpoch, List<BlobShard> s) {
    return copy(state, newManifest, digest, newEpoch, s).withShards(s);
  }

  private Blob copy(State st, Bytes m, Bytes d, long e, List<BlobShard> s) {
    return new Blob(id, st, m, d, e, k, size, s, targets, recovery, creator, createdAt);
  }
}
