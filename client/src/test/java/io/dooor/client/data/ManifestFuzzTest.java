package io.dooor.client.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dooor.common.Bytes;
import java.util.Arrays;

/**
 * The manifest parser on arbitrary bytes and on mutated valid manifests: a DataException with
 * reason MALFORMED_MANIFEST, or a manifest whose canonical encoding is exactly the input.
 */
class ManifestFuzzTest {
  private static final byte[][] TEMPLATES = {
    Manifests.example(3, 5, 2).toBytes().toArray(),
    Manifests.example(1, 1, 0).toBytes().toArray(),
    Manifests.example(10, 14, 16).toBytes().toArray(),
  };

  @FuzzTest(maxDuration = "30s")
  void parsesOrRefuses(byte[] data) {
    try {
      EncryptedBlob blob = EncryptedBlob.parse(Bytes.of(data));
      assertThat(blob.toBytes()).isEqualTo(Bytes.of(data));
      assertThat(blob.coded().shardHashes()).hasSize(blob.layout().totalShards());
    } catch (DataException e) {
      assertThat(e.reason()).isEqualTo(DataException.Reason.MALFORMED_MANIFEST);
    }
  }

  /** A valid manifest with a few bytes changed, cut or extended: reaches the deep checks. */
  @FuzzTest(maxDuration = "30s")
  void mutatedManifestParsesOrRefuses(FuzzedDataProvider in) {
    byte[] b = TEMPLATES[in.consumeInt(0, TEMPLATES.length - 1)].clone();
    int edits = in.consumeInt(0, 4);
    for (int i = 0; i < edits; i++) {
      b[in.consumeInt(0, b.length - 1)] = in.consumeByte();
    }
    parsesOrRefuses(Arrays.copyOf(b, in.consumeInt(0, b.length + 2)));
  }
}
