package io.dooor.client.data;

import io.dooor.common.Bytes;
import io.dooor.common.Digests;
import io.dooor.core.NodeId;
import io.dooor.core.Principal;
import java.util.ArrayList;
import java.util.List;

/** Example manifests for tests and fuzzing. */
final class Manifests {
  private Manifests() {}

  static EncryptedBlob example(int k, int n, int recovery) {
    List<Bytes> hashes = new ArrayList<>();
    List<NodeId> nodes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      hashes.add(Digests.sha256(new byte[] {(byte) i}));
      nodes.add(NodeId.of("node-" + i));
    }
    List<Principal> principals = new ArrayList<>();
    for (int i = 0; i < recovery; i++) {
      principals.add(Principal.selfAuthenticating(new byte[] {(byte) i}));
    }
    CodedBlob coded =
        new CodedBlob(
            BlobId.parse("00112233445566778899aabbccddeeff"),
            1_000_000,
            BlobLayout.of(k, n),
            hashes);
    WrappedDataKey key = new WrappedDataKey(7, Bytes.of(new byte[168]));
    return EncryptedBlob.create(coded, key, nodes, nodes.subList(0, Math.min(n, 3)), principals);
  }
}
