package io.dooor.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.audit.AuditException;
import io.dooor.audit.AuditVerifier;
import io.dooor.audit.EntryBundle;
import io.dooor.audit.TilePath;
import io.dooor.audit.VerifiedCheckpoint;
import io.dooor.common.Bytes;
import io.dooor.core.Caller;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Issue #11 defect 2, as a property of the C2SP tlog-tiles routes over real HTTP: the log grows one
 * entry at a time from its first entries to past 256 (so level-0 tiles fill and a level-1 tile
 * appears), and after each step, for the latest signed checkpoint and for an earlier one, every
 * tile and entry bundle that checkpoint implies (C2SP tlog-tiles: {@code .p/W} for the right edge)
 * is served with exactly its width and content; the level-0 tiles and bundles replay to the signed
 * root; full tiles are marked immutable and partial ones are revalidated (hash tiles public, entry
 * bundles private to the auditor); and the reads append nothing to the log. Before the fix the
 * route served a cached right-edge tile narrower than the latest checkpoint needed (404 {@code
 * tile/0/000.p/W}).
 */
class AuditTilesUnderGrowthHttpTest extends SimPlaneHttpFixture {
  private static final int LAST_SIZE = 300;

  @Test
  void everyTileAndBundleOfEveryPublishedCheckpointIsServedAsTheLogGrows() throws Exception {
    long seed = System.nanoTime();
    System.out.println("AuditTilesUnderGrowthHttpTest seed " + seed);
    SplittableRandom random = new SplittableRandom(seed);
    AuditVerifier v = AuditVerifier.of(d.auditVerifierKey());
    List<VerifiedCheckpoint> published = new ArrayList<>();
    while (events() < LAST_SIZE) {
      append();
      VerifiedCheckpoint cp = v.verifyCheckpoint(d.publishCheckpoint());
      published.add(cp);
      long before = events();
      checkTiles(v, cp);
      checkTiles(v, published.get(random.nextInt(published.size())));
      assertThat(events()).as("reads at size " + cp.size() + " appended nothing").isEqualTo(before);
    }
  }

  /**
   * Go's sumdb/tlog rebuilds the tree hash from the served tiles, and checks inclusion and
   * consistency proofs, at sizes around the first full tile; each run reads the right edge that the
   * previous one made the server cache.
   */
  @Test
  void goTlogVerifiesTheTilesAtSeveralSizes() throws Exception {
    AuditVerifier v = AuditVerifier.of(d.auditVerifierKey());
    VerifiedCheckpoint older = v.verifyCheckpoint(d.publishCheckpoint());
    for (long size : new long[] {7, 8, 255, 256, 257, 300}) {
      while (events() < size) {
        append();
      }
      VerifiedCheckpoint now = v.verifyCheckpoint(d.publishCheckpoint());
      new GoTlog(admin, dir.resolve("go-" + size))
          .verify(older, now, d.auditVerifierKey(), 0, older.size() - 1, now.size() - 1);
      older = now;
    }
  }

  @Test
  void aTileTheTreeDoesNotHoldYetIsNotFoundAndNotStored() throws Exception {
    d.publishCheckpoint();
    String path = new TilePath(0, 0, (int) events() + 1).toString();
    HttpResponse<byte[]> res = admin.raw("GET", "/v1/audit/" + path, new byte[0]);
    assertThat(res.statusCode()).isEqualTo(404);
    assertThat(res.headers().firstValue("content-type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(res.headers().firstValue("cache-control")).hasValue("no-store");
    HttpResponse<byte[]> cp = admin.raw("GET", "/v1/audit/checkpoint", new byte[0]);
    assertThat(cp.headers().firstValue("cache-control")).hasValue(AuditRoutes.CACHE_NONE);
  }

  private void append() {
    d.plane().recordObservation(Caller.system(), "test.grow", "growth", Map.of());
  }

  /** Every resource {@code cp} implies is served with its width, and replays to its root. */
  private void checkTiles(AuditVerifier v, VerifiedCheckpoint cp) throws Exception {
    long n = cp.size();
    v.replay(path -> Bytes.of(get(path)), cp);
    for (long k = 0; k * 256 < n; k++) {
      int width = (int) Math.min(256, n - 256 * k);
      assertThat(get(new TilePath(0, k, width).toString())).hasSize(32 * width);
      assertThat(
              EntryBundle.parse(Bytes.of(get(new TilePath(TilePath.ENTRIES, k, width).toString()))))
          .hasSize(width);
    }
    long upper = n >>> 8;
    if (upper > 0) {
      TilePath p = new TilePath(1, 0, (int) upper);
      List<Bytes> level1 = EntryBundle.parseTile(Bytes.of(get(p.toString())), (int) upper);
      for (int k = 0; k < upper; k++) {
        assertThat(level1.get(k)).as(p + " hash " + k).isEqualTo(subtreeRoot(k));
      }
    }
  }

  /** GET /v1/audit/PATH: 200, cached only if full (C2SP tlog-tiles); returns the body. */
  private byte[] get(String path) throws AuditException {
    try {
      HttpResponse<byte[]> res = admin.raw("GET", "/v1/audit/" + path, new byte[0]);
      assertThat(res.statusCode()).as(path).isEqualTo(200);
      String cache = res.headers().firstValue("cache-control").orElse("");
      TilePath p = TilePath.parse(path);
      boolean full = p.width() == 256;
      if (p.level() == TilePath.ENTRIES) {
        assertThat(cache)
            .as(path)
            .isEqualTo(full ? AuditRoutes.CACHE_FULL_PRIVATE : AuditRoutes.CACHE_NONE_PRIVATE);
      } else {
        assertThat(cache)
            .as(path)
            .isEqualTo(full ? AuditRoutes.CACHE_FULL : AuditRoutes.CACHE_NONE);
      }
      return res.body();
    } catch (java.io.IOException e) {
      throw new AssertionError(path, e);
    }
  }

  /** RFC 9162 §2.1.1 root of the 256 leaves of level-0 tile {@code k}, from the served tile. */
  private Bytes subtreeRoot(long k) throws Exception {
    List<Bytes> level =
        EntryBundle.parseTile(Bytes.of(get(new TilePath(0, k, 256).toString())), 256);
    while (level.size() > 1) {
      List<Bytes> up = new ArrayList<>();
      for (int i = 0; i < level.size(); i += 2) {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update((byte) 1);
        sha.update(level.get(i).toArray());
        sha.update(level.get(i + 1).toArray());
        up.add(Bytes.of(sha.digest()));
      }
      level = up;
    }
    return level.get(0);
  }
}
