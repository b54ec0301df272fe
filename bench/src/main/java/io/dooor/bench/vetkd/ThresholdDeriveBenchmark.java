package io.dooor.bench.vetkd;

import io.dooor.common.Bytes;
import io.dooor.vetkd.EncryptedVetKey;
import io.dooor.vetkd.TransportPublicKey;
import io.dooor.vetkd.TransportSecretKey;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdService;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Threshold derivation with in-process holders: all n holders answer, every share is verified
 * (batch), t are combined and the combined key is verified. A fresh input per call, a repeated
 * context (as in production: contexts are few).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ThresholdDeriveBenchmark {
  @Param({"2/3", "3/5", "5/9"})
  public String thresholdOfHolders;

  private VetKdService service;
  private TransportPublicKey tpk;
  private final AtomicLong counter = new AtomicLong();
  private final Bytes canister = Bytes.fromHex("0000000000c0a0d00101");
  private final Bytes context = Bytes.of("dooor/node-key".getBytes(StandardCharsets.UTF_8));

  @Setup(Level.Trial)
  public void setup() throws VetKdException {
    String[] tn = thresholdOfHolders.split("/");
    service = VetKdService.inProcess(Integer.parseInt(tn[0]), Integer.parseInt(tn[1]));
    tpk = TransportSecretKey.generate().publicKey();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    service.close();
  }

  @Benchmark
  public EncryptedVetKey derive() throws VetKdException {
    Bytes input = Bytes.of(ByteBuffer.allocate(8).putLong(counter.incrementAndGet()).array());
    return service.derive(canister, context, input, tpk);
  }
}
