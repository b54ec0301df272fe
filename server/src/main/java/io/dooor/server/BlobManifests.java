package io.dooor.server;

import io.dooor.client.ApiProblem;
import io.dooor.client.data.DataException;
import io.dooor.client.data.EncryptedBlob;
import io.dooor.client.data.ShardRef;
import io.dooor.common.Bytes;
import io.dooor.core.BlobManifest;
import io.dooor.core.BlobShard;
import io.dooor.server.internal.Problems;
import java.util.List;

/**
 * The edge between client.data's manifest ({@link EncryptedBlob}, parsed strictly once here) and
 * core's {@link BlobManifest}, which holds the bytes opaque with the facts decided on.
 */
final class BlobManifests {
  private BlobManifests() {}

  /** Parses a manifest field, or 400 naming {@code field} with the data-malformed-manifest code. */
  static EncryptedBlob parse(String field, Bytes bytes) throws ApiProblem {
    try {
      return EncryptedBlob.parse(bytes);
    } catch (DataException e) {
      ApiProblem p = Problems.of(e);
      throw new ApiProblem(
          p.status(), p.code(), "field '" + field + "': " + e.getMessage(), field, List.of());
    }
  }

  static BlobManifest of(EncryptedBlob b) {
    List<BlobShard> shards =
        b.shards().stream()
            .map(s -> new BlobShard(s.index(), s.sha256(), s.node(), BlobShard.State.PENDING))
            .toList();
    return new BlobManifest(
        b.id().toString(),
        b.toBytes(),
        b.digest(),
        b.wrappedKey().epoch(),
        b.layout().dataShards(),
        b.size(),
        shards,
        b.targets(),
        b.recovery());
  }

  /** A stored blob's current manifest, parsed again (it was valid when stored). */
  static EncryptedBlob current(io.dooor.core.Blob blob) {
    try {
      return EncryptedBlob.parse(blob.manifest());
    } catch (DataException e) {
      throw new IllegalStateException("stored manifest of " + blob.id() + " does not parse", e);
    }
  }

  static ShardRef ref(BlobShard s) {
    return new ShardRef(s.index(), s.sha256(), s.node());
  }
}
