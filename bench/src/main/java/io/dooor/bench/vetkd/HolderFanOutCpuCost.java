package io.dooor.bench.vetkd;

import io.dooor.bench.CpuTimes;
import io.dooor.common.Bytes;
import io.dooor.vetkd.TransportPublicKey;
import io.dooor.vetkd.TransportSecretKey;
import io.dooor.vetkd.VetKdService;
import io.dooor.vetkd.threshold.HolderHealth;
import io.dooor.vetkd.threshold.KeyShareHolder;
import io.dooor.vetkd.threshold.LocalKeyShareHolder;
import io.dooor.vetkd.threshold.ThresholdDeriver.FanOut;
import io.dooor.vetkd.threshold.ThresholdKeyGenerator;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Process CPU per threshold derivation (all threads: holder calls, combiner, late verification of
 * the shares not waited for), for t=3 of n=5 in-process holders asked t at a time ({@link
 * FanOut#THRESHOLD_FIRST}) or all at once ({@link FanOut#ALL}, as for remote holders, whose shares
 * beyond t are verified one by one after the answer), and ALL with one holder hung until the
 * timeout. Sequential requests; waits until every verdict is in before reading the CPU time. CPU
 * from /proc/self/stat (10 ms ticks) over many requests, so that the figure does not depend on how
 * loaded the machine is. Run: {@code java -cp benchmarks.jar
 * io.dooor.bench.vetkd.HolderFanOutCpuCost [requests]}.
 */
public final class HolderFanOutCpuCost {
  private HolderFanOutCpuCost() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 600;
    SecureRandom rng = new SecureRandom();
    ThresholdKeyGenerator.Generated g = new ThresholdKeyGenerator(rng).generate(3, 5);
    for (String mode : new String[] {"THRESHOLD_FIRST", "ALL", "ALL+hung"}) {
      List<KeyShareHolder> holders = new ArrayList<>();
      g.shares().forEach(s -> holders.add(new LocalKeyShareHolder(s, rng)));
      if (mode.endsWith("hung")) {
        holders.set(4, new HungHolderBenchmark.Delayed(holders.get(4), -1));
      }
      FanOut fanOut = mode.startsWith("ALL") ? FanOut.ALL : FanOut.THRESHOLD_FIRST;
      try (VetKdService svc =
          VetKdService.create(g.publicKey(), holders, Duration.ofSeconds(2), fanOut)) {
        run(svc, n / 3, 0); // warm-up
        long cpu0 = CpuTimes.processCpuNanos();
        long wall0 = System.nanoTime();
        long[] lat = run(svc, n, n / 3);
        long wall = System.nanoTime() - wall0;
        awaitVerdicts(svc.holderHealth(), mode, (long) (n + n / 3));
        long cpu = CpuTimes.processCpuNanos() - cpu0;
        Arrays.sort(lat);
        System.out.printf(
            Locale.ROOT,
            "%-16s n=%d  CPU/derivation %.2f ms  wall/derivation %.2f ms  p50 %.2f ms  p90 %.2f ms%n",
            mode,
            n,
            cpu / 1e6 / n,
            wall / 1e6 / n,
            lat[n / 2] / 1e6,
            lat[n * 9 / 10] / 1e6);
      }
    }
  }

  private static long[] run(VetKdService svc, int n, int offset) throws Exception {
    Bytes canister = Bytes.fromHex("0000000000c0a0d00101");
    Bytes context = Bytes.of("dooor/node-key".getBytes(StandardCharsets.UTF_8));
    TransportPublicKey tpk = TransportSecretKey.generate().publicKey();
    long[] lat = new long[n];
    for (int i = 0; i < n; i++) {
      Bytes input = Bytes.of(ByteBuffer.allocate(8).putLong(offset + i).array());
      long t0 = System.nanoTime();
      svc.derive(canister, context, input, tpk);
      lat[i] = System.nanoTime() - t0;
    }
    return lat;
  }

  /** Waits until every holder call made has a verdict (the late ones are verified after). */
  private static void awaitVerdicts(HolderHealth health, String mode, long requests)
      throws InterruptedException {
    long expected =
        switch (mode) {
          case "ALL" -> requests * 5;
          case "ALL+hung" -> requests * 4;
          default -> -1;
        };
    for (int i = 0; i < 600 && expected > 0; i++) {
      long valid = health.snapshot().values().stream().mapToLong(HolderHealth.Status::valid).sum();
      if (valid >= expected) {
        return;
      }
      Thread.sleep(10);
    }
  }
}
