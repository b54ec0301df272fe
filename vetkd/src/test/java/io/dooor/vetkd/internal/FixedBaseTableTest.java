package io.dooor.vetkd.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import supranational.blst.P1;
import supranational.blst.P2;

/**
 * The generator tables against blst's own multiplication, on the scalars where signed-digit
 * recoding can go wrong (zero digits, digits of exactly ±32, carries through every window, the
 * largest scalars) and on random ones.
 */
class FixedBaseTableTest {
  private static final BigInteger R = Fr.ORDER;

  private static List<BigInteger> scalars() {
    List<BigInteger> out = new ArrayList<>();
    for (long v : new long[] {0, 1, 2, 31, 32, 33, 63, 64, 65, 95, 96, 97, 2047, 2048, 4095}) {
      out.add(BigInteger.valueOf(v));
    }
    out.add(R.subtract(BigInteger.ONE));
    out.add(R.subtract(BigInteger.TWO));
    out.add(BigInteger.ONE.shiftLeft(254));
    out.add(BigInteger.ONE.shiftLeft(252));
    // every window 32 (each digit exactly +32, no carry) and every window 33 (carry each time)
    BigInteger all32 = BigInteger.ZERO;
    BigInteger all33 = BigInteger.ZERO;
    BigInteger all63 = BigInteger.ZERO;
    for (int w = 0; w < 42; w++) {
      all32 = all32.add(BigInteger.valueOf(32).shiftLeft(6 * w));
      all33 = all33.add(BigInteger.valueOf(33).shiftLeft(6 * w));
      all63 = all63.add(BigInteger.valueOf(63).shiftLeft(6 * w));
    }
    out.add(all32.mod(R));
    out.add(all33.mod(R));
    out.add(all63.mod(R));
    SecureRandom rng = new SecureRandom();
    for (int i = 0; i < 200; i++) {
      out.add(new BigInteger(255, rng).mod(R));
    }
    return out;
  }

  @Test
  void g2TableAgreesWithBlst() {
    for (BigInteger k : scalars()) {
      Fr f = Fr.of(k);
      P2 expected = P2.generator().mult(k);
      assertTrue(G2Point.Comb.G.times(f).is_equal(expected), "k = " + k);
      assertArrayEquals(
          expected.compress(), G2Point.generator().mul(f).toBytes(), "k = " + k + " (encoded)");
      assertTrue(G2Point.generator().mul(f).isGeneratorTimes(f));
    }
  }

  @Test
  void g1TableAgreesWithBlst() {
    for (BigInteger k : scalars()) {
      Fr f = Fr.of(k);
      P1 expected = P1.generator().mult(k);
      assertTrue(G1Point.Comb.G.times(f).is_equal(expected), "k = " + k);
      assertArrayEquals(expected.compress(), G1Point.generator().mul(f).toBytes());
    }
  }

  @Test
  void publicScalarsUseOnlyTheWindowsTheyNeed() {
    SecureRandom rng = new SecureRandom();
    List<BigInteger> ks = new ArrayList<>();
    for (int bits : new int[] {1, 5, 6, 7, 63, 64, 65, 128, 200, 254}) {
      ks.add(BigInteger.ONE.shiftLeft(bits - 1));
      ks.add(BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE));
      ks.add(new BigInteger(bits, rng).setBit(bits - 1));
    }
    ks.add(R.subtract(BigInteger.ONE));
    for (BigInteger k : ks) {
      assertArrayEquals(
          P1.generator().mult(k).compress(), G1Point.generator().mulPublic(k).toBytes(), "k=" + k);
      assertArrayEquals(
          P2.generator().mult(k).compress(), G2Point.generator().mulPublic(k).toBytes(), "k=" + k);
    }
    // beyond r, and for other points, blst's own multiplication still answers
    BigInteger big = R.add(BigInteger.TEN);
    assertArrayEquals(
        P1.generator().mult(BigInteger.TEN).compress(),
        G1Point.generator().mulPublic(big).toBytes());
    assertEquals(11, FixedBaseTable.windowsFor(64));
    assertEquals(FixedBaseTable.WINDOWS, FixedBaseTable.windowsFor(255));
  }

  @Test
  void refusesAPublicScalarLongerThanItsWindows() {
    byte[] k = new byte[32];
    k[31 - 8] = 1; // 2^64 needs 11 windows (66 bits, the top one without carry)
    assertThrows(
        IllegalArgumentException.class,
        () -> tableOfG1().forEachTerm(k, 10, new long[12], () -> {}));
    byte[] far = new byte[32];
    far[0] = 0x40; // 2^254: every bit the 11 windows do not cover must be zero, not only the next
    assertThrows(
        IllegalArgumentException.class,
        () -> tableOfG1().forEachTerm(far, 11, new long[12], () -> {}));
  }

  @Test
  void wrongScalarIsNotGeneratorTimes() {
    Fr k = Fr.of(BigInteger.valueOf(12345));
    G2Point p = G2Point.generator().mul(k);
    assertTrue(!p.isGeneratorTimes(Fr.of(BigInteger.valueOf(12346))));
    assertTrue(!p.isGeneratorTimes(Fr.of(R.subtract(BigInteger.valueOf(12345)))));
  }

  @Test
  void zeroIsTheIdentity() {
    assertTrue(G2Point.generator().mul(Fr.zero()).isIdentity());
    assertTrue(G1Point.generator().mul(Fr.zero()).isIdentity());
  }

  @Test
  void refusesScalarsOutsideTheRecoding() {
    FixedBaseTable table = tableOfG1();
    long[] term = new long[12];
    byte[] big = new byte[32];
    big[0] = (byte) 0x80;
    assertThrows(IllegalArgumentException.class, () -> table.forEachTerm(big, term, () -> {}));
    assertThrows(
        IllegalArgumentException.class, () -> table.forEachTerm(new byte[31], term, () -> {}));
    assertThrows(
        IllegalArgumentException.class,
        () -> table.forEachTerm(new byte[32], new long[24], () -> {}));
  }

  @Test
  void visitsEveryWindowOnce() {
    int[] calls = {0};
    tableOfG1().forEachTerm(new byte[32], new long[12], () -> calls[0]++);
    assertEquals(FixedBaseTable.WINDOWS, calls[0]);
  }

  private static FixedBaseTable tableOfG1() {
    long[][] entries = new long[FixedBaseTable.WINDOWS * FixedBaseTable.perWindow()][];
    for (int i = 0; i < entries.length; i++) {
      entries[i] = new long[12];
    }
    return new FixedBaseTable(entries);
  }
}
