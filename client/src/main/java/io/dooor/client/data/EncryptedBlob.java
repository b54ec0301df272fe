package io.dooor.client.data;

import io.dooor.client.data.internal.ManifestCodec;
import io.dooor.common.Bytes;
import io.dooor.common.Digests;
import io.dooor.core.NodeId;
import io.dooor.core.Principal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * The manifest of an encrypted blob (the seed's {@code EncryptedBlob}): its id, plaintext size and
 * layout, the wrapped data key and its epoch, every shard's SHA-256 and node, and who may decrypt
 * it: the target nodes and the named recovery principals. No plaintext and no key in the clear.
 *
 * <p>Every invariant is checked here, so that a parsed manifest is a valid one: one shard per index
 * in order, shards on distinct nodes, distinct targets (1..255) and recovery principals (0..16).
 * The canonical encoding is {@link #toBytes()}, parsed strictly by {@link #parse(Bytes)} (format in
 * client/DATA-FORMAT.md).
 */
public record EncryptedBlob(
    BlobId id,
    long size,
    BlobLayout layout,
    WrappedDataKey wrappedKey,
    List<ShardRef> shards,
    List<NodeId> targets,
    List<Principal> recovery) {
  public static final int MAX_TARGETS = 255;
  public static final int MAX_RECOVERY = 16;

  public EncryptedBlob {
    shards = List.copyOf(shards);
    targets = List.copyOf(targets);
    recovery = List.copyOf(recovery);
    new CodedBlob(id, size, layout, shards.stream().map(ShardRef::sha256).toList());
    checkShards(shards);
    checkDistinct("target node", targets, 1, MAX_TARGETS);
    checkDistinct("recovery principal", recovery, 0, MAX_RECOVERY);
  }

  /** The manifest of freshly encoded shards, placed on {@code placement.get(i)} for shard i. */
  public static EncryptedBlob create(
      CodedBlob coded,
      WrappedDataKey wrappedKey,
      List<NodeId> placement,
      List<NodeId> targets,
      List<Principal> recovery) {
    if (placement.size() != coded.shardHashes().size()) {
      throw new IllegalArgumentException(
          placement.size() + " nodes for " + coded.shardHashes().size() + " shards");
    }
    List<ShardRef> shards = new ArrayList<>();
    for (int i = 0; i < placement.size(); i++) {
      shards.add(new ShardRef(i, coded.shardHashes().get(i), placement.get(i)));
    }
    return new EncryptedBlob(
        coded.id(), coded.size(), coded.layout(), wrappedKey, shards, targets, recovery);
  }

  /**
   * Parses the canonical encoding.
   *
   * @throws DataException MALFORMED_MANIFEST naming the first field that is wrong
   */
  public static EncryptedBlob parse(Bytes encoded) throws DataException {
    return ManifestCodec.decode(encoded.toArray());
  }

  /** The canonical encoding: one byte string per manifest. */
  public Bytes toBytes() {
    return Bytes.of(ManifestCodec.encode(this));
  }

  /** SHA-256 of the canonical encoding: what audit events and placements refer to. */
  public Bytes digest() {
    return Digests.sha256(ManifestCodec.encode(this));
  }

  /** The shards' description, for verifying and decoding them. */
  public CodedBlob coded() {
    return new CodedBlob(id, size, layout, shards.stream().map(ShardRef::sha256).toList());
  }

  /** This manifest with shard {@code index} moved to {@code node} (after a repair). */
  public EncryptedBlob withPlacement(int index, NodeId node) {
    List<ShardRef> moved = new ArrayList<>(shards);
    moved.set(index, new ShardRef(index, shards.get(index).sha256(), node));
    return new EncryptedBlob(id, size, layout, wrappedKey, moved, targets, recovery);
  }

  /** This manifest with the data key wrapped again (under a new epoch). */
  public EncryptedBlob withWrappedKey(WrappedDataKey rewrapped) {
    return new EncryptedBlob(id, size, layout, rewrapped, shards, targets, recovery);
  }

  private static void checkShards(List<ShardRef> shards) {
    HashSet<NodeId> nodes = new HashSet<>();
    for (int i = 0; i < shards.size(); i++) {
      if (shards.get(i).index() != i) {
        throw new IllegalArgumentException(
            "shard at position " + i + " has index " + shards.get(i).index());
      }
      if (!nodes.add(shards.get(i).node())) {
        throw new IllegalArgumentException(
            "shards " + i + " and another share node " + shards.get(i).node());
      }
    }
  }

  private static void checkDistinct(String what, List<?> items, int min, int max) {
    if (items.size() < min || items.size() > max) {
      throw new IllegalArgumentException(items.size() + " " + what + "s, need " + min + ".." + max);
    }
    if (new HashSet<>(items).size() != items.size()) {
      throw new IllegalArgumentException("a " + what + " is listed twice");
    }
  }
}
