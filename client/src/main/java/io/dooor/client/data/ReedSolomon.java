package io.dooor.client.data;

import io.dooor.client.data.internal.GfMatrix;
import io.dooor.client.data.internal.GfSlices;
import java.util.Arrays;
import java.util.BitSet;

/**
 * A systematic Reed-Solomon erasure code over GF(2^8) (polynomial 0x11D): k data shards and n - k
 * parity shards, any k of which restore all n. 1 <= k <= n <= 255.
 *
 * <p>Construction, as in Backblaze JavaReedSolomon and klauspost/reedsolomon's default (and so
 * byte-compatible with both): V is the n x k Vandermonde matrix {@code V[r][c] = r^c} (0^0 = 1),
 * and the coding matrix is G = V x T^-1 where T is the top k x k square of V. Shard r of a stripe
 * is row r of G times the k data shards; the top k rows of G are the identity, so the data shards
 * are the data itself. Any k rows of V are a Vandermonde matrix on k distinct points, hence
 * invertible, and multiplying by T^-1 keeps them so: every k shards determine the data (the code is
 * MDS). A Cauchy matrix would also be MDS; this one was chosen for compatibility with the two most
 * used implementations, whose published vectors our tests check.
 *
 * <p>Shards are the same byte range of caller-owned arrays, one array per shard: the code is
 * applied byte by byte, position i of every shard forming one codeword. Instances are immutable and
 * thread-safe; the buffers are the caller's (working buffers, like those of {@link
 * java.io.InputStream#read(byte[])}).
 */
public final class ReedSolomon {
  /**
   * The largest number of shards: the Vandermonde construction needs distinct points of GF(2^8).
   */
  public static final int MAX_SHARDS = 255;

  /** Bytes of every shard processed together, so that a block of all shards stays in cache. */
  private static final int BLOCK = 4096;

  private final int k;
  private final int n;
  private final GfMatrix matrix;
  private final Reconstruction encoding;

  private ReedSolomon(int k, int n) {
    this.k = k;
    this.n = n;
    GfMatrix v = GfMatrix.vandermonde(n, k);
    int[] top = new int[k];
    Arrays.setAll(top, i -> i);
    this.matrix = v.times(v.selectRows(top).inverse());
    int[] parity = new int[n - k];
    Arrays.setAll(parity, i -> k + i);
    this.encoding = new Reconstruction(top, parity, matrix.selectRows(parity));
  }

  /**
   * @throws IllegalArgumentException unless 1 <= dataShards <= totalShards <= {@link #MAX_SHARDS}
   */
  public static ReedSolomon create(int dataShards, int totalShards) {
    if (dataShards < 1 || dataShards > totalShards || totalShards > MAX_SHARDS) {
      throw new IllegalArgumentException(
          "need 1 <= k <= n <= " + MAX_SHARDS + ", got k=" + dataShards + " n=" + totalShards);
    }
    return new ReedSolomon(dataShards, totalShards);
  }

  public int dataShards() {
    return k;
  }

  public int totalShards() {
    return n;
  }

  /** Cell (row, col) of the n x k coding matrix G. */
  public int coefficient(int row, int col) {
    return matrix.get(row, col);
  }

  /**
   * Computes the parity shards k..n-1 over [offset, offset + length) from the same range of the
   * data shards 0..k-1.
   */
  public void encode(byte[][] shards, int offset, int length) {
    encoding.apply(shards, offset, length);
  }

  /**
   * Restores every shard not marked present from the present ones, over the same range of each.
   *
   * @throws IllegalArgumentException if fewer than k shards are present
   */
  public void reconstruct(byte[][] shards, boolean[] present, int offset, int length) {
    BitSet available = new BitSet(n);
    BitSet missing = new BitSet(n);
    for (int i = 0; i < n; i++) {
      (present[i] ? available : missing).set(i);
    }
    reconstruction(available, missing).apply(shards, offset, length);
  }

  /**
   * A plan that computes the {@code wanted} shards from k of the {@code available} ones (the k
   * lowest: data shards first, which is the cheapest when few are missing). Prepare it once per set
   * of survivors and apply it to every stripe.
   *
   * @throws IllegalArgumentException if fewer than k shards are available, or a wanted shard is
   *     among the k used
   */
  public Reconstruction reconstruction(BitSet available, BitSet wanted) {
    if (available.cardinality() < k || available.length() > n || wanted.length() > n) {
      throw new IllegalArgumentException(
          "need " + k + " of shards 0.." + (n - 1) + ", have " + available);
    }
    int[] basis = available.stream().limit(k).toArray();
    int[] targets = wanted.stream().toArray();
    for (int b : basis) {
      if (wanted.get(b)) {
        throw new IllegalArgumentException("shard " + b + " is both used and wanted");
      }
    }
    GfMatrix decode = matrix.selectRows(basis).inverse();
    return new Reconstruction(basis, targets, matrix.selectRows(targets).times(decode));
  }

  /** Computes some shards as fixed linear combinations of k others. Immutable. */
  public final class Reconstruction {
    private final int[] basis;
    private final int[] targets;
    private final int[][] coefficients;

    private Reconstruction(int[] basis, int[] targets, GfMatrix coefficients) {
      this.basis = basis;
      this.targets = targets;
      this.coefficients = new int[targets.length][];
      Arrays.setAll(this.coefficients, coefficients::row);
    }

    /** The indices of the k shards this plan reads. */
    public BitSet uses() {
      BitSet s = new BitSet(n);
      Arrays.stream(basis).forEach(s::set);
      return s;
    }

    /**
     * Writes every wanted shard over [offset, offset + length) from the same range of the k shards
     * it uses.
     */
    public void apply(byte[][] shards, int offset, int length) {
      if (shards.length != n || offset < 0 || length < 0) {
        throw new IllegalArgumentException("need " + n + " shards and a range");
      }
      for (int from = offset; from < offset + length; from += BLOCK) {
        int to = Math.min(from + BLOCK, offset + length);
        for (int t = 0; t < targets.length; t++) {
          combine(coefficients[t], shards, shards[targets[t]], from, to);
        }
      }
    }

    private void combine(int[] coef, byte[][] shards, byte[] out, int from, int to) {
      GfSlices.mul(coef[0], shards[basis[0]], out, from, to);
      for (int j = 1; j < k; j++) {
        GfSlices.mulAdd(coef[j], shards[basis[j]], out, from, to);
      }
    }
  }
}
