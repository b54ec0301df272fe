package io.dooor.bench.data;

import io.dooor.client.data.BlobDecoder;
import io.dooor.client.data.BlobEncoder;
import io.dooor.client.data.BlobLayout;
import io.dooor.client.data.CodedBlob;
import io.dooor.client.data.DataException;
import io.dooor.client.data.DataKey;
import io.dooor.client.data.EncodedBlob;
import io.dooor.client.data.ShardSource;
import io.dooor.client.data.ShardVerifier;
import io.dooor.client.data.VerifiedShards;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The client data path of issue #13 without the network, on a 1 GiB blob (default layout: 64 KiB
 * chunks and units, 3 of 5): {@code encryptEncode} reads a generated plaintext stream and writes
 * five hashed shard streams to nowhere; {@code verifyDecode} verifies shards 0-2 (SHA-256) and
 * decodes and decrypts them (hashing again); {@code verifyDecodeTwoLost} does the same from shards
 * 2-4, restoring two data units per stripe. Scores are MiB of plaintext per second (one operation =
 * 1 MiB). Floors in {@link DataFloorsBenchmark}.
 *
 * <p>{@code java -jar bench/target/benchmarks.jar DataPipelineBenchmark -f 1 -wi 1 -i 3 -w 1s -r
 * 1s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class DataPipelineBenchmark {
  static final int MIB = 1 << 20;
  static final int BLOB_MIB = 1024;
  static final long BLOB = (long) BLOB_MIB * MIB;

  /**
   * {@code caller}: everything on the caller's thread; {@code workers}: the defaults, one worker
   * thread per shard hashing (and writing) it while the caller encrypts and codes.
   */
  @Param({"caller", "workers"})
  public String threads;

  private BlobEncoder encoder;
  private byte[] pattern;
  private CodedBlob coded;
  private DataKey key;
  private List<byte[]> shards;

  @Setup
  public void setup() throws IOException {
    encoder =
        threads.equals("caller")
            ? BlobEncoder.create(BlobLayout.DEFAULT, 0)
            : BlobEncoder.create(BlobLayout.DEFAULT);
    pattern = new byte[MIB + 17];
    new SecureRandom().nextBytes(pattern);
    List<ArraySink> sinks = new ArrayList<>();
    for (int i = 0; i < BlobLayout.DEFAULT.totalShards(); i++) {
      sinks.add(new ArraySink(BlobLayout.DEFAULT.shardLength(BLOB)));
    }
    EncodedBlob e = encoder.encode(new RepeatingInput(pattern, BLOB), sinks);
    coded = e.coded();
    key = e.key();
    shards = new ArrayList<>();
    sinks.forEach(s -> shards.add(s.bytes));
  }

  @Benchmark
  @OperationsPerInvocation(BLOB_MIB)
  public EncodedBlob encryptEncode() throws IOException {
    List<OutputStream> sinks = new ArrayList<>();
    for (int i = 0; i < BlobLayout.DEFAULT.totalShards(); i++) {
      sinks.add(OutputStream.nullOutputStream());
    }
    return encoder.encode(new RepeatingInput(pattern, BLOB), sinks);
  }

  @Benchmark
  @OperationsPerInvocation(BLOB_MIB)
  public long verifyDecode() throws IOException, DataException {
    return decodeFrom(0, 1, 2);
  }

  @Benchmark
  @OperationsPerInvocation(BLOB_MIB)
  public long verifyDecodeTwoLost() throws IOException, DataException {
    return decodeFrom(2, 3, 4);
  }

  private long decodeFrom(int... indices) throws IOException, DataException {
    Map<Integer, ShardSource> offered = new HashMap<>();
    for (int i : indices) {
      byte[] s = shards.get(i);
      offered.put(i, () -> new ByteArrayInputStream(s));
    }
    if (threads.equals("caller")) {
      VerifiedShards verified = ShardVerifier.verify(coded, offered, 0);
      return BlobDecoder.decode(verified, key, OutputStream.nullOutputStream(), 0);
    }
    VerifiedShards verified = ShardVerifier.verify(coded, offered);
    return BlobDecoder.decode(verified, key, OutputStream.nullOutputStream());
  }
}
