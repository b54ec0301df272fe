package io.dooor.bench.vetkd;

import io.dooor.common.Bytes;
import io.dooor.vetkd.EncryptedVetKey;
import io.dooor.vetkd.TransportPublicKey;
import io.dooor.vetkd.TransportSecretKey;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdService;
import io.dooor.vetkd.threshold.DeriveShareRequest;
import io.dooor.vetkd.threshold.EncryptedKeyShare;
import io.dooor.vetkd.threshold.KeyShareHolder;
import io.dooor.vetkd.threshold.LocalKeyShareHolder;
import io.dooor.vetkd.threshold.ThresholdDeriver.FanOut;
import io.dooor.vetkd.threshold.ThresholdKeyGenerator;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * Threshold derivation as for remote holders ({@link FanOut#ALL}: every holder asked), t=3 of n=5
 * in-process holders, one of which is healthy ({@code none}), answers 200 ms late ({@code
 * slow200ms}) or hangs until cancelled at the 2 s timeout ({@code hung}). Requests are answered
 * once t shares verify, so the slow or hung holder should cost a request nothing; its late answers
 * are still verified in the background (CPU, not latency).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HungHolderBenchmark {
  @Param({"none", "slow200ms", "hung"})
  public String fifthHolder;

  private VetKdService service;
  private TransportPublicKey tpk;
  private final AtomicLong counter = new AtomicLong();
  private final Bytes canister = Bytes.fromHex("0000000000c0a0d00101");
  private final Bytes context = Bytes.of("dooor/node-key".getBytes(StandardCharsets.UTF_8));

  /** A holder that answers after a delay, or (negative delay) only when interrupted. */
  static final class Delayed implements KeyShareHolder {
    private final KeyShareHolder inner;
    private final long millis;

    Delayed(KeyShareHolder inner, long millis) {
      this.inner = inner;
      this.millis = millis;
    }

    @Override
    public int index() {
      return inner.index();
    }

    @Override
    public EncryptedKeyShare deriveShare(DeriveShareRequest r) throws VetKdException {
      try {
        Thread.sleep(millis < 0 ? Long.MAX_VALUE : millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new VetKdException(VetKdException.Reason.HOLDER_UNAVAILABLE, "cancelled");
      }
      return inner.deriveShare(r);
    }
  }

  @Setup(Level.Trial)
  public void setup() throws VetKdException {
    SecureRandom rng = new SecureRandom();
    ThresholdKeyGenerator.Generated g = new ThresholdKeyGenerator(rng).generate(3, 5);
    List<KeyShareHolder> holders = new ArrayList<>();
    g.shares().forEach(s -> holders.add(new LocalKeyShareHolder(s, rng)));
    switch (fifthHolder) {
      case "slow200ms" -> holders.set(4, new Delayed(holders.get(4), 200));
      case "hung" -> holders.set(4, new Delayed(holders.get(4), -1));
      default -> {}
    }
    service = VetKdService.create(g.publicKey(), holders, Duration.ofSeconds(2), FanOut.ALL);
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
