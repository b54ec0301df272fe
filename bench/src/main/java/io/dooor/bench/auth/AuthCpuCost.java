package io.dooor.bench.auth;

import io.dooor.client.auth.AuthException;
import io.dooor.client.auth.Identity;
import io.dooor.client.auth.KeyType;
import io.dooor.client.auth.NonceRegistry;
import io.dooor.client.auth.PublicKeys;
import io.dooor.client.auth.RequestSigner;
import io.dooor.client.auth.RequestVerifier;
import io.dooor.client.auth.SignedRequest;
import io.dooor.common.Bytes;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * The CPU time per operation of the same operations as {@link RequestAuthBenchmark}, measured with
 * the thread's CPU clock rather than the wall clock: on a shared, oversubscribed machine the wall
 * clock mostly measures waiting for a core, the CPU clock what an operation costs. Single thread;
 * warm-up, then the median of several rounds. Run: {@code java -cp bench/target/benchmarks.jar
 * io.dooor.bench.auth.AuthCpuCost}.
 */
public final class AuthCpuCost {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final int ROUNDS = 7;

  private AuthCpuCost() {}

  /** One measured operation. */
  @FunctionalInterface
  interface Op {
    Object run() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    int perRound = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    System.out.println("| key type | operation | µs CPU/op (median of " + ROUNDS + " rounds) |");
    System.out.println("|---|---|---|");
    // A first, silent pass lets the JIT finish compiling everything (slow when cores are busy).
    for (KeyType type : KeyType.values()) {
      measureType(type, perRound, false);
    }
    for (KeyType type : KeyType.values()) {
      measureType(type, perRound, true);
    }
  }

  private static void measureType(KeyType type, int n, boolean print) throws AuthException {
    Clock clock = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);
    Identity id = Identity.generate(type);
    RequestSigner signer = new RequestSigner(id, clock);
    NonceRegistry acceptAll = (keyId, nonce, expiresAt) -> true;
    RequestVerifier verifier = new RequestVerifier(clock, acceptAll);
    Bytes body = Bytes.of(oneKibJson());
    SignedRequest get =
        SignedRequest.of(
            "GET",
            "/v1/nodes/node-17",
            "",
            signer.sign("GET", "/v1/nodes/node-17", "", Bytes.empty()),
            Bytes.empty());
    SignedRequest post =
        SignedRequest.of("POST", "/v1/nodes", "", signer.sign("POST", "/v1/nodes", "", body), body);
    report(
        print,
        type,
        "sign GET",
        n,
        () -> signer.sign("GET", "/v1/nodes/node-17", "", Bytes.empty()));
    report(print, type, "sign POST 1 KiB", n, () -> signer.sign("POST", "/v1/nodes", "", body));
    report(print, type, "verify GET", n, () -> verifier.verify(get));
    report(print, type, "verify POST 1 KiB", n, () -> verifier.verify(post));
    report(print, type, "parse new public key", n, () -> PublicKeys.parseSpki(id.publicKeySpki()));
    Bytes base = Bytes.of(new byte[220]); // about the size of a GET's signature base
    Bytes sig = id.sign(base);
    report(
        print,
        type,
        "signature check alone (220 B)",
        n,
        () -> {
          id.publicKey().verify(base, sig);
          return sig;
        });
  }

  private static void report(boolean print, KeyType type, String name, int n, Op op) {
    double[] rounds = new double[ROUNDS];
    try {
      for (int i = 0; i < n; i++) { // warm-up
        op.run();
      }
      for (int r = 0; r < ROUNDS; r++) {
        long start = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) {
          op.run();
        }
        rounds[r] = (THREADS.getCurrentThreadCpuTime() - start) / 1e3 / n;
      }
    } catch (Exception e) {
      throw new IllegalStateException(name + " failed", e);
    }
    java.util.Arrays.sort(rounds);
    if (!print) {
      return;
    }
    System.out.printf(Locale.ROOT, "| %s | %s | %.1f |%n", type.alg(), name, rounds[ROUNDS / 2]);
  }

  private static byte[] oneKibJson() {
    StringBuilder sb = new StringBuilder("{\"node_id\":\"node-17\",\"report\":\"");
    while (sb.length() < 1024 - 2) {
      sb.append('A');
    }
    return sb.append("\"}").toString().getBytes(StandardCharsets.US_ASCII);
  }
}
