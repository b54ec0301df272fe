package io.dooor.bench.vetkd;

import io.dooor.bench.CpuTimes;
import io.dooor.bench.CpuTimes.Op;
import io.dooor.common.Bytes;
import io.dooor.vetkd.DerivedPublicKey;
import io.dooor.vetkd.EncryptedVetKey;
import io.dooor.vetkd.IbeCiphertext;
import io.dooor.vetkd.IbeSeed;
import io.dooor.vetkd.TransportPublicKey;
import io.dooor.vetkd.TransportSecretKey;
import io.dooor.vetkd.VetKdException;
import io.dooor.vetkd.VetKey;
import io.dooor.vetkd.threshold.DeriveShareRequest;
import io.dooor.vetkd.threshold.EncryptedKeyShare;
import io.dooor.vetkd.threshold.LocalKeyShareHolder;
import io.dooor.vetkd.threshold.ShareCombiner;
import io.dooor.vetkd.threshold.ThresholdKeyGenerator;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Complements the JMH figures on a shared, overloaded machine: the CPU time (not wall time) one
 * thread spends per operation, minimum, median and p90 over many runs after warm-up. CPU time does
 * not count the time the thread waits for a core, so it estimates the unloaded single-thread
 * latency; the minimum is the least disturbed by other load on a shared machine. The threshold rows
 * run every holder and then the combiner from one thread; the combiner hands its c2 side to the
 * common pool, so "all threads mean" (CPU of every Java thread over the 200 runs, divided by 200)
 * is the total CPU work per derivation and "cpu" the calling thread's share. Run: {@code java -cp
 * benchmarks.jar io.dooor.bench.vetkd.VetKdCpuCost}.
 */
public final class VetKdCpuCost {
  private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
  private static final SecureRandom RNG = new SecureRandom();

  public static void main(String[] args) throws Exception {
    Bytes canister = Bytes.fromHex("0000000000c0a0d00101");
    Bytes context = Bytes.of("dooor/node-key".getBytes(StandardCharsets.UTF_8));
    Bytes input = Bytes.of("node-1".getBytes(StandardCharsets.UTF_8));
    TransportSecretKey tsk = TransportSecretKey.generate();
    ThresholdKeyGenerator.Generated keys = new ThresholdKeyGenerator(RNG).generate(3, 5);
    ShareCombiner c = new ShareCombiner(keys.publicKey(), RNG);
    DerivedPublicKey dpk = c.publicKey(canister, context);
    Bytes ek =
        derive(
            holders(keys), c, DeriveShareRequest.of(canister, context, input, tsk.publicKey()), 3);
    VetKey k = EncryptedVetKey.parse(ek).decryptAndVerify(tsk, dpk, input);
    Bytes msg = Bytes.of(new byte[1024]);
    Bytes ibe = IbeCiphertext.encrypt(dpk, input, msg, IbeSeed.random()).toBytes();
    report("decryptAndVerify", () -> EncryptedVetKey.parse(ek).decryptAndVerify(tsk, dpk, input));
    report("ibeEncrypt1KiB", () -> IbeCiphertext.encrypt(dpk, input, msg, IbeSeed.random()));
    report("ibeDecrypt1KiB", () -> IbeCiphertext.parse(ibe).decrypt(k));
    for (int[] tn : new int[][] {{2, 3}, {3, 5}, {5, 9}}) {
      thresholdRows(tn[0], tn[1], canister, context, tsk.publicKey());
    }
  }

  private static void thresholdRows(
      int t, int n, Bytes canister, Bytes context, TransportPublicKey tpk)
      throws VetKdException, Exception {
    ThresholdKeyGenerator.Generated keys = new ThresholdKeyGenerator(RNG).generate(t, n);
    ShareCombiner c = new ShareCombiner(keys.publicKey(), RNG);
    List<LocalKeyShareHolder> holders = holders(keys);
    long[] ctr = {0};
    for (int asked : new int[] {t, n}) {
      report(
          String.format(Locale.ROOT, "threshold %d/%d, %d shares", t, n, asked),
          () -> {
            Bytes in = Bytes.of(ByteBuffer.allocate(8).putLong(++ctr[0]).array());
            return derive(holders, c, DeriveShareRequest.of(canister, context, in, tpk), asked);
          });
    }
  }

  private static Bytes derive(
      List<LocalKeyShareHolder> holders, ShareCombiner c, DeriveShareRequest req, int asked)
      throws VetKdException {
    List<EncryptedKeyShare> answers = new ArrayList<>();
    for (int i = 0; i < asked; i++) {
      answers.add(holders.get(i).deriveShare(req));
    }
    return c.combine(req, answers, Map.of()).encryptedKey().toBytes();
  }

  private static List<LocalKeyShareHolder> holders(ThresholdKeyGenerator.Generated keys) {
    List<LocalKeyShareHolder> out = new ArrayList<>();
    keys.shares().forEach(s -> out.add(new LocalKeyShareHolder(s, RNG)));
    return out;
  }

  private static void report(String name, Op op) throws Exception {
    for (int i = 0; i < 50; i++) {
      op.run();
    }
    int runs = 200;
    long all0 = allThreadsCpu();
    long[] cpu = CpuTimes.sorted(runs, op);
    double allMean = (allThreadsCpu() - all0) / 1000.0 / runs;
    System.out.printf(
        Locale.ROOT,
        "%-32s cpu min %6.0f us   p50 %6.0f us   p90 %6.0f us   all threads mean %6.0f us%n",
        name,
        cpu[0] / 1000.0,
        cpu[runs / 2] / 1000.0,
        cpu[runs * 9 / 10] / 1000.0,
        allMean);
  }

  /**
   * CPU time of every live Java thread (this one, the common pool that runs the combiner's G2 half,
   * holder threads), in ns.
   */
  private static long allThreadsCpu() {
    long sum = 0;
    for (long id : MX.getAllThreadIds()) {
      long t = MX.getThreadCpuTime(id);
      if (t > 0) {
        sum += t;
      }
    }
    return sum;
  }
}
