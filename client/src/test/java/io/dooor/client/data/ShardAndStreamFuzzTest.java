package io.dooor.client.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dooor.client.data.internal.ShardHeader;
import io.dooor.client.data.internal.StreamHeader;
import io.dooor.common.Bytes;
import io.dooor.common.SecretBytes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/**
 * The parsers of untrusted shard and stream bytes: shard and stream headers, a whole shard against
 * its manifest, and the chunked decryption of a (mutated) ciphertext. Each either refuses with a
 * DataException or accepts exactly what was written.
 */
class ShardAndStreamFuzzTest {
  private static final DataKey KEY = DataKey.of(SecretBytes.of(new byte[32]));
  private static final BlobId ID = BlobId.parse("00112233445566778899aabbccddeeff");
  private static final byte[] PLAIN = new byte[300];
  private static final byte[] CIPHERTEXT;
  private static final BlobPipelineTest.Encoded SHARDS;

  static {
    Arrays.fill(PLAIN, (byte) 7);
    try {
      CIPHERTEXT = StreamVectors.encrypt(KEY, ID, 64, PLAIN);
      SHARDS = BlobPipelineTest.Encoded.of(new BlobLayout(64, 2, 4, 40), PLAIN);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @FuzzTest(maxDuration = "30s")
  void headersParseOrRefuse(byte[] data) {
    try {
      ShardHeader h = ShardHeader.parse(data);
      assertThat(h.toBytes()).isEqualTo(data);
    } catch (DataException e) {
      assertThat(e.reason()).isEqualTo(DataException.Reason.MALFORMED_SHARD);
    }
    try {
      StreamHeader h = StreamHeader.parse(data);
      assertThat(h.toBytes()).isEqualTo(data);
    } catch (DataException e) {
      assertThat(e.reason()).isEqualTo(DataException.Reason.MALFORMED_HEADER);
    }
  }

  /** A shard with bytes changed, cut or extended verifies only if it is byte for byte the shard. */
  @FuzzTest(maxDuration = "30s")
  void mutatedShardVerifiesOnlyIfUnchanged(FuzzedDataProvider in) throws IOException {
    int index = in.consumeInt(0, SHARDS.shards.size() - 1);
    byte[] original = SHARDS.shards.get(index);
    byte[] b = mutate(original, in);
    try {
      ShardVerifier.check(SHARDS.blob.coded(), index, new ByteArrayInputStream(b));
      assertThat(b).isEqualTo(original);
    } catch (DataException e) {
      assertThat(e.reason())
          .isIn(DataException.Reason.MALFORMED_SHARD, DataException.Reason.SHARD_CORRUPT);
      assertThat(e.shards()).isEqualTo(List.of(index));
    }
  }

  /** A ciphertext with bytes changed, cut or extended decrypts only if it is unchanged. */
  @FuzzTest(maxDuration = "30s")
  void mutatedCiphertextDecryptsOnlyIfUnchanged(FuzzedDataProvider in) throws IOException {
    byte[] b = mutate(CIPHERTEXT, in);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ChunkedAead.decrypt(KEY, ID, 64, new ByteArrayInputStream(b), out);
      assertThat(b).isEqualTo(CIPHERTEXT);
      assertThat(out.toByteArray()).isEqualTo(PLAIN);
    } catch (DataException e) {
      assertThat(e.reason()).isNotNull();
      assertThat(Bytes.of(out.toByteArray())).isEqualTo(Bytes.of(Arrays.copyOf(PLAIN, out.size())));
    }
  }

  private static byte[] mutate(byte[] template, FuzzedDataProvider in) {
    byte[] b = template.clone();
    int edits = in.consumeInt(0, 3);
    for (int i = 0; i < edits; i++) {
      b[in.consumeInt(0, b.length - 1)] = in.consumeByte();
    }
    return Arrays.copyOf(b, in.consumeInt(Math.max(0, b.length - 80), b.length + 20));
  }
}
