package io.dooor.bench.vetkd;

import io.dooor.bench.CpuTimes;
import io.dooor.bench.CpuTimes.Op;
import io.dooor.vetkd.internal.Fr;
import io.dooor.vetkd.internal.G1Point;
import io.dooor.vetkd.internal.G2Point;
import io.dooor.vetkd.internal.IdentityPolicy;
import io.dooor.vetkd.internal.Pairings;
import io.dooor.vetkd.internal.Shake256;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The CPU cost (thread CPU time, median and minimum of 400 runs after 300 warm-up runs) of every
 * BLS12-381 building block the vetKD operations are made of, through the same wrappers they use:
 * the unit prices for the per-operation inventories in bench/results/vetkd-session3.md. Scalar
 * multiplications by short public scalars (64-bit batch weights, Lagrange numerators) use blst's
 * windowed method; full 255-bit ones use GLV/GLS. Run: {@code java -cp benchmarks.jar
 * io.dooor.bench.vetkd.BlsPrimitiveCpuCost}.
 */
public final class BlsPrimitiveCpuCost {

  public static void main(String[] args) throws Exception {
    SecureRandom rng = new SecureRandom();
    Fr k = Fr.random(rng);
    BigInteger w64 = new BigInteger(64, rng).setBit(63);
    BigInteger w20 = BigInteger.valueOf(0xabcde);
    G1Point p = G1Point.hashToCurve(bytes("p"), "bench");
    G2Point q = G2Point.generator().mul(k);
    byte[] p48 = p.toBytes();
    byte[] q96 = q.toBytes();
    report("hash_to_G1 (augmented hash)", () -> G1Point.hashToCurve(bytes("node-1"), "bench"));
    report("Fr hash_to_scalar (1 KiB)", () -> Fr.hashToScalar(new byte[1064], "bench"));
    report("G1 mul, 255-bit secret", () -> p.mul(k));
    report("G1 mul, 64-bit public", () -> p.mulPublic(w64));
    report("G1 mul, 20-bit public", () -> p.mulPublic(w20));
    report("G2 mul, 255-bit secret", () -> q.mul(k));
    report("G1 generator mul, 255-bit secret (table)", () -> G1Point.generator().mul(k));
    report("G2 generator mul, 255-bit secret (table)", () -> G2Point.generator().mul(k));
    report("G2 mul, 64-bit public", () -> q.mulPublic(w64));
    report("G2 mul, 20-bit public", () -> q.mulPublic(w20));
    report("G1 add (+ to affine)", () -> p.add(p));
    report("G2 add (+ to affine)", () -> q.add(q));
    report("G1 decode + subgroup check", () -> G1Point.decode(p48, IdentityPolicy.ALLOW, "p"));
    report("G2 decode + subgroup check", () -> G2Point.decode(q96, IdentityPolicy.ALLOW, "q"));
    report("G2 equals k*G2 (projective)", () -> q.isGeneratorTimes(k));
    report("pairing to Gt bytes (1 ML + FE)", () -> Pairings.gtBytes(p, q));
    for (int n = 1; n <= 4; n++) {
      List<Pairings.Term> terms = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        terms.add(new Pairings.Term(p, q));
      }
      report("pairing product, " + n + " term(s)", () -> Pairings.productIsOne(terms));
    }
    report("SHAKE256, 1 KiB out", () -> Shake256.digest(new byte[32], 1024));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void report(String name, Op op) throws Exception {
    for (int i = 0; i < 300; i++) {
      op.run();
    }
    int runs = 400;
    long[] cpu = CpuTimes.sorted(runs, op);
    System.out.printf(
        Locale.ROOT,
        "%-36s cpu p50 %7.1f us   min %7.1f us%n",
        name,
        cpu[runs / 2] / 1000.0,
        cpu[0] / 1000.0);
  }
}
