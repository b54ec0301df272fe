package io.dooor.vetkd.internal;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Precomputed multiples of a fixed base B (the G1 or G2 generator) for constant-time k·B.
 *
 * <p>A scalar k < 2^255 is recoded into 43 signed 6-bit digits d_i in [-32, 32] with k = Σ
 * d_i·2^(6i), so k·B = Σ d_i·(2^(6i)·B): 43 mixed additions of table entries, where blst's
 * multiplication of an arbitrary point needs some 255 doublings besides its additions. Window i
 * holds the affine points j·2^(6i)·B for j = 1..32 (264 KiB for G2, 132 KiB for G1).
 *
 * <p>Nothing here branches on or indexes by the scalar: every entry of a window is read and masked
 * into the output, a zero digit selects the all-zero limbs (blst's affine identity), and a negative
 * digit negates y by a masked p - y. The additions are blst's constant-time add-or-double.
 *
 * <p>Entries are blst's own limbs (little-endian 64-bit words of each Fp in Montgomery form, x then
 * y); negation is linear, so p - y negates in Montgomery form too.
 */
final class FixedBaseTable {
  static final int WINDOW = 6;
  static final int WINDOWS = (256 + WINDOW - 1) / WINDOW;
  private static final int HALF = 1 << (WINDOW - 1);
  private static final int FP_LIMBS = 6;

  /** The BLS12-381 base field modulus p, little-endian 64-bit limbs. */
  private static final long[] P = {
    0xb9feffffffffaaabL,
    0x1eabfffeb153ffffL,
    0x6730d2a0f6b0f624L,
    0x64774b84f38512bfL,
    0x4b1ba7b6434bacd7L,
    0x1a0111ea397fe69aL
  };

  private final long[][] entries;
  private final int limbs;

  /**
   * @param entries for window i = 0..42 and j = 1..32, entry {@code i * 32 + j - 1} holds the
   *     affine limbs of j·2^(6i)·B
   */
  FixedBaseTable(long[][] entries) {
    if (entries.length != WINDOWS * HALF) {
      throw new IllegalArgumentException("expected " + WINDOWS * HALF + " entries");
    }
    this.limbs = entries[0].length;
    if (limbs != 2 * FP_LIMBS && limbs != 4 * FP_LIMBS) {
      throw new IllegalArgumentException("affine G1 or G2 limbs expected, got " + limbs);
    }
    this.entries = entries;
  }

  /**
   * The table of {@code generator} (a jblst projective point, mutated in place by {@code add} and
   * {@code dbl}), with {@code affineLimbs} reading a point's affine limbs.
   */
  static <J> FixedBaseTable build(
      J generator,
      UnaryOperator<J> dup,
      BiConsumer<J, J> add,
      Consumer<J> dbl,
      Function<J, long[]> affineLimbs) {
    long[][] entries = new long[WINDOWS * HALF][];
    J base = dup.apply(generator);
    for (int w = 0; w < WINDOWS; w++) {
      J multiple = dup.apply(base);
      for (int j = 1; j <= HALF; j++) {
        entries[w * HALF + j - 1] = affineLimbs.apply(multiple);
        add.accept(multiple, base);
      }
      for (int s = 0; s < WINDOW; s++) {
        dbl.accept(base);
      }
    }
    return new FixedBaseTable(entries);
  }

  /** Number of multiples each window holds. */
  static int perWindow() {
    return HALF;
  }

  /** Length of one entry: 12 limbs for G1, 24 for G2. */
  int limbs() {
    return limbs;
  }

  /**
   * For every window i, writes the affine limbs of d_i·2^(6i)·B into {@code term} and runs {@code
   * add}, which adds {@code term} into the caller's accumulator (starting at the identity). {@code
   * term} is zeroed at the end.
   *
   * @param bigEndianScalar a scalar below 2^255, 32 bytes big-endian
   * @param term {@link #limbs()} long, the limbs of the caller's affine point view
   */
  void forEachTerm(byte[] bigEndianScalar, long[] term, Runnable add) {
    forEachTerm(bigEndianScalar, WINDOWS, term, add);
  }

  /** Windows that a public scalar of {@code bitLength} bits needs (the top digit carries none). */
  static int windowsFor(int bitLength) {
    return Math.min(WINDOWS, (bitLength + WINDOW) / WINDOW);
  }

  /**
   * As {@link #forEachTerm(byte[], long[], Runnable)} over the first {@code windows} windows only:
   * for public scalars below 2^(6·windows - 1) (batch weights), whose length may show.
   */
  void forEachTerm(byte[] bigEndianScalar, int windows, long[] term, Runnable add) {
    if (term.length != limbs) {
      throw new IllegalArgumentException("term must have " + limbs + " limbs");
    }
    if (bigEndianScalar.length != 32 || (bigEndianScalar[0] & 0x80) != 0) {
      throw new IllegalArgumentException("scalar must be 32 bytes below 2^255");
    }
    long[] words = new long[5];
    for (int i = 0; i < 32; i++) {
      int bit = 8 * (31 - i);
      words[bit >>> 6] |= (bigEndianScalar[i] & 0xffL) << (bit & 63);
    }
    if (windows < 1 || windows > WINDOWS) {
      throw new IllegalArgumentException("windows must be 1.." + WINDOWS);
    }
    for (int from = windows * WINDOW - 1; windows < WINDOWS && from < 256; from += WINDOW) {
      if (bits(words, from) != 0) {
        throw new IllegalArgumentException("public scalar too long for " + windows + " windows");
      }
    }
    int carry = 0;
    for (int w = 0; w < windows; w++) {
      int v = bits(words, w * WINDOW) + carry;
      carry = (HALF - v) >>> 31;
      int digit = v - (carry << WINDOW);
      int sign = digit >> 31;
      select(w, (digit ^ sign) - sign, term);
      negateYIf(term, sign);
      add.run();
    }
    Arrays.fill(words, 0);
    Arrays.fill(term, 0);
  }

  private static int bits(long[] words, int from) {
    int word = from >>> 6;
    int shift = from & 63;
    long v = words[word] >>> shift;
    if (shift > 64 - WINDOW) {
      v |= words[word + 1] << (64 - shift);
    }
    return (int) (v & ((1 << WINDOW) - 1));
  }

  /** out = entry (window, j), or all zero for j = 0, reading every entry of the window. */
  private void select(int window, int j, long[] out) {
    Arrays.fill(out, 0);
    int base = window * HALF;
    for (int e = 1; e <= HALF; e++) {
      long mask = -(long) (((e ^ j) - 1) >>> 31);
      long[] entry = entries[base + e - 1];
      for (int l = 0; l < limbs; l++) {
        out[l] |= entry[l] & mask;
      }
    }
  }

  /** y := p - y for each non-zero Fp of y when {@code sign} is -1; unchanged when it is 0. */
  private void negateYIf(long[] point, int sign) {
    for (int off = limbs / 2; off < limbs; off += FP_LIMBS) {
      long borrow = 0;
      long nonZero = 0;
      long[] neg = new long[FP_LIMBS];
      for (int l = 0; l < FP_LIMBS; l++) {
        long a = point[off + l];
        long d = P[l] - a - borrow;
        borrow = ((~P[l] & a) | (~(P[l] ^ a) & d)) >>> 63;
        neg[l] = d;
        nonZero |= a;
      }
      long mask = sign & -((nonZero | -nonZero) >>> 63);
      for (int l = 0; l < FP_LIMBS; l++) {
        point[off + l] = (neg[l] & mask) | (point[off + l] & ~mask);
      }
    }
  }

  /**
   * k·B through a table, for a jblst projective type J (the accumulator, starting at {@code
   * identity}) and its affine type A ({@code view} wraps the term limbs, {@code addAffine} adds).
   */
  static final class Multiplier<J, A> {
    private final FixedBaseTable table;
    private final Supplier<J> identity;
    private final Function<long[], A> view;
    private final BiConsumer<J, A> addAffine;

    Multiplier(
        FixedBaseTable table,
        Supplier<J> identity,
        Function<long[], A> view,
        BiConsumer<J, A> addAffine) {
      this.table = table;
      this.identity = identity;
      this.view = view;
      this.addAffine = addAffine;
    }

    /** k·B: constant time in k. */
    J times(Fr k) {
      return times(k.toBigEndian(), WINDOWS);
    }

    /** k·B for a public 0 < k < r, over only the windows its length needs. */
    J timesPublic(BigInteger k) {
      return times(Fr.of(k).toBigEndian(), windowsFor(k.bitLength()));
    }

    private J times(byte[] scalar, int windows) {
      J acc = identity.get();
      long[] term = new long[table.limbs()];
      A v = view.apply(term);
      table.forEachTerm(scalar, windows, term, () -> addAffine.accept(acc, v));
      return acc;
    }
  }
}
