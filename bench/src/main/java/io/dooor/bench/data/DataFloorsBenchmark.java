package io.dooor.bench.data;

import io.dooor.client.data.ReedSolomon;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.BitSet;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The floors of the client data path, single thread, 1 GiB of data per operation set (scores in MiB
 * of data per second): the JDK's AES-256-GCM on 64 KiB chunks (encrypt and decrypt), the
 * Reed-Solomon coder on 3-of-5 stripes of 64 KiB units (encode; restore two data units), and
 * SHA-256, which content addressing costs on every shard byte.
 *
 * <p>{@code java -jar bench/target/benchmarks.jar DataFloorsBenchmark -f 1 -wi 1 -i 3 -w 1s -r 1s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
public class DataFloorsBenchmark {
  private static final int CHUNK = 64 << 10;
  private static final int ROUNDS = 16384;
  private static final int OPS = 1024;
  private static final int UNIT = 64 << 10;

  private final SecretKeySpec key = new SecretKeySpec(new byte[32], "AES");
  private final byte[] nonce = new byte[12];
  private final byte[] plain = new byte[CHUNK];
  private final byte[] sealed = new byte[CHUNK + 16];
  private final byte[] opened = new byte[CHUNK];
  private Cipher gcm;
  private final ReedSolomon rs = ReedSolomon.create(3, 5);
  private final byte[][] shards = new byte[5][UNIT];
  private ReedSolomon.Reconstruction twoLost;
  private MessageDigest sha;

  @Setup
  public void setup() throws GeneralSecurityException {
    SecureRandom rnd = new SecureRandom();
    rnd.nextBytes(plain);
    for (int i = 0; i < 3; i++) {
      rnd.nextBytes(shards[i]);
    }
    rs.encode(shards, 0, UNIT);
    gcm = Cipher.getInstance("AES/GCM/NoPadding");
    BitSet have = new BitSet();
    have.set(2, 5);
    BitSet want = new BitSet();
    want.set(0, 2);
    twoLost = rs.reconstruction(have, want);
    sha = MessageDigest.getInstance("SHA-256");
  }

  /** 16384 chunks of 64 KiB. */
  @Benchmark
  @OperationsPerInvocation(OPS)
  public byte[] aesGcmEncrypt() throws GeneralSecurityException {
    for (int i = 0; i < ROUNDS; i++) {
      seal(i);
    }
    return sealed;
  }

  @Benchmark
  @OperationsPerInvocation(OPS)
  public byte[] aesGcmDecrypt() throws GeneralSecurityException {
    seal(0);
    for (int i = 0; i < ROUNDS; i++) {
      gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, nonce));
      gcm.doFinal(sealed, 0, sealed.length, opened, 0);
    }
    return opened;
  }

  /** 1 GiB of data: 5461 stripes of 3 x 64 KiB. */
  @Benchmark
  @OperationsPerInvocation(OPS)
  public byte[][] rsEncode3of5() {
    for (int i = 0; i < ROUNDS / 3; i++) {
      rs.encode(shards, 0, UNIT);
    }
    return shards;
  }

  @Benchmark
  @OperationsPerInvocation(OPS)
  public byte[][] rsRestoreTwoOf3of5() {
    for (int i = 0; i < ROUNDS / 3; i++) {
      twoLost.apply(shards, 0, UNIT);
    }
    return shards;
  }

  @Benchmark
  @OperationsPerInvocation(OPS)
  public byte[] sha256() {
    for (int i = 0; i < ROUNDS; i++) {
      sha.update(plain);
    }
    return sha.digest();
  }

  private void seal(int i) throws GeneralSecurityException {
    nonce[8] = (byte) (i >>> 16);
    nonce[9] = (byte) (i >>> 8);
    nonce[10] = (byte) i;
    nonce[11]++;
    gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
    gcm.doFinal(plain, 0, CHUNK, sealed, 0);
  }
}
