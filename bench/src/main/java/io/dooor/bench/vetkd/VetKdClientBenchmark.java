package io.dooor.bench.vetkd;

import io.dooor.common.Bytes;
import io.dooor.vetkd.DerivedPublicKey;
import io.dooor.vetkd.EncryptedVetKey;
import io.dooor.vetkd.IbeCiphertext;
import io.dooor.vetkd.IbeSeed;
import io.dooor.vetkd.TransportSecretKey;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKdService;
import io.dooor.vetkd.VetKey;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Client-side vetKeys operations, single thread: decrypt-and-verify of a 192-byte encrypted key
 * (parse included), IBE encryption of 1 KiB, IBE decryption (parse included).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class VetKdClientBenchmark {
  private TransportSecretKey tsk;
  private DerivedPublicKey dpk;
  private Bytes input;
  private Bytes encryptedKey;
  private VetKey vetKey;
  private Bytes message;
  private Bytes ibeCiphertext;

  @Setup
  public void setup() throws VetKdException {
    Bytes canister = Bytes.fromHex("0000000000c0a0d00101");
    Bytes context = Bytes.of("bench".getBytes(StandardCharsets.UTF_8));
    input = Bytes.of("node-1".getBytes(StandardCharsets.UTF_8));
    tsk = TransportSecretKey.generate();
    try (VetKdService svc = VetKdService.inProcess(3, 5)) {
      dpk = svc.publicKey(canister, context);
      encryptedKey = svc.derive(canister, context, input, tsk.publicKey()).toBytes();
    }
    vetKey = EncryptedVetKey.parse(encryptedKey).decryptAndVerify(tsk, dpk, input);
    message = Bytes.of(new byte[1024]);
    ibeCiphertext = IbeCiphertext.encrypt(dpk, input, message, IbeSeed.random()).toBytes();
  }

  @Benchmark
  public VetKey decryptAndVerify() throws VetKdException {
    return EncryptedVetKey.parse(encryptedKey).decryptAndVerify(tsk, dpk, input);
  }

  @Benchmark
  public Bytes ibeEncrypt1KiB() {
    return IbeCiphertext.encrypt(dpk, input, message, IbeSeed.random()).toBytes();
  }

  @Benchmark
  public Bytes ibeDecrypt1KiB() throws VetKdException {
    return IbeCiphertext.parse(ibeCiphertext).decrypt(vetKey);
  }
}
