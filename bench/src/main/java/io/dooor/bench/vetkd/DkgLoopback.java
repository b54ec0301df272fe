package io.dooor.bench.vetkd;

import io.dooor.client.auth.Identity;
import io.dooor.common.crypto.Ed25519PublicKey;
import io.dooor.keyshare.DkgIdentities;
import io.dooor.keyshare.DkgParticipant;
import io.dooor.keyshare.DkgRelay;
import io.dooor.keyshare.HttpKeyShareTransport;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Wall time and bytes of one distributed key generation among n holders through a {@link DkgRelay}
 * on loopback: the relay and n {@link DkgParticipant}s (threads of this JVM, each with its own HTTP
 * client, as {@code dooor keyshare dkg} runs them) exchange all four rounds over real sockets,
 * every post signed by its holder's Ed25519 identity key and checked by the relay and by every
 * holder against the identity roster ({@link DkgIdentities}). JVM start-up of holder processes is
 * not included. Args: runs (default 20), n (5), t (3).
 */
public final class DkgLoopback {
  private DkgLoopback() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int t = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    for (int w = 0; w < 5; w++) {
      once(n, t);
    }
    double[] ms = new double[runs];
    long bytes = 0;
    long relayed = 0;
    for (int r = 0; r < runs; r++) {
      long[] b = once(n, t);
      ms[r] = b[0] / 1e6;
      bytes = b[1];
      relayed = b[2];
    }
    Arrays.sort(ms);
    System.out.printf(
        Locale.ROOT,
        "dkg n=%d t=%d runs=%d: wall p50 %.1f ms, p90 %.1f ms, min %.1f ms, max %.1f ms;"
            + " bytes posted+read by all holders %d, relay in+out %d%n",
        n,
        t,
        runs,
        ms[runs / 2],
        ms[(int) (runs * 0.9)],
        ms[0],
        ms[runs - 1],
        bytes,
        relayed);
  }

  /** One generation: {wall nanos, bytes the holders sent and received, relay's count}. */
  private static long[] once(int n, int t) throws Exception {
    Duration timeout = Duration.ofSeconds(60);
    List<Identity> ids = new ArrayList<>();
    List<Ed25519PublicKey> keys = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(Identity.generate());
      keys.add(Ed25519PublicKey.parseSpki(ids.get(i).publicKeySpki()));
    }
    DkgIdentities roster = DkgIdentities.of(keys);
    String run = "bench";
    try (DkgRelay relay =
        DkgRelay.create(roster, run, timeout, Clock.systemUTC(), System.err::println)
            .start("127.0.0.1", 0)) {
      URI url = URI.create("http://127.0.0.1:" + relay.port());
      ExecutorService pool = Executors.newFixedThreadPool(n);
      List<DkgParticipant> ps = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        ps.add(
            new DkgParticipant(
                url, roster, run, ids.get(i), HttpKeyShareTransport.client(timeout), timeout));
      }
      long start = System.nanoTime();
      List<Future<DkgParticipant.Result>> fs = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        int index = i;
        SecureRandom rng = new SecureRandom();
        fs.add(
            pool.submit(() -> ps.get(index - 1).run(index, t, n, DkgParticipant.honest(rng), rng)));
      }
      long bytes = 0;
      for (Future<DkgParticipant.Result> f : fs) {
        DkgParticipant.Result r = f.get();
        bytes += r.bytesSent() + r.bytesReceived();
      }
      long wall = System.nanoTime() - start;
      pool.shutdown();
      return new long[] {wall, bytes, relay.bytesExchanged()};
    }
  }
}
