package io.dooor.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.audit.AuditVerifier;
import io.dooor.audit.TilePath;
import io.dooor.audit.VerifiedCheckpoint;
import io.dooor.core.Caller;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue #16: checkpoints and hash tiles are public and cacheable (C2SP tlog-tiles), over real HTTP
 * without any signature; entry bundles, entries and proofs still need the auditor's signed request.
 * Unsigned refusals on the public paths are counted per window like any unauthenticated request, so
 * a flood of them costs no entry while the window is open; reads append nothing.
 */
class AuditPublicHttpTest extends SimPlaneHttpFixture {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void checkpointsAndHashTilesAreServedWithoutAuthenticationAndCacheable() throws Exception {
    for (int i = 0; i < 300; i++) {
      d.plane().recordObservation(Caller.system(), "test.grow", "growth", Map.of());
    }
    VerifiedCheckpoint cp =
        AuditVerifier.of(d.auditVerifierKey()).verifyCheckpoint(d.publishCheckpoint());
    long before = events();

    HttpResponse<byte[]> note = get("/v1/audit/checkpoint");
    assertThat(note.statusCode()).isEqualTo(200);
    assertThat(new String(note.body(), StandardCharsets.UTF_8)).isEqualTo(cp.note());
    assertThat(note.headers().firstValue("cache-control")).hasValue(AuditRoutes.CACHE_NONE);
    assertThat(get("/v1/audit/checkpoint/latest").body()).isEqualTo(note.body());
    assertThat(new String(get("/v1/audit/verifier-key").body(), StandardCharsets.UTF_8))
        .isEqualTo(d.auditVerifierKey() + "\n");

    HttpResponse<byte[]> full = get("/v1/audit/" + new TilePath(0, 0, 256));
    assertThat(full.statusCode()).isEqualTo(200);
    assertThat(full.body()).hasSize(32 * 256);
    assertThat(full.headers().firstValue("cache-control")).hasValue(AuditRoutes.CACHE_FULL);
    int edge = (int) (cp.size() - 256);
    HttpResponse<byte[]> partial = get("/v1/audit/" + new TilePath(0, 1, edge));
    assertThat(partial.statusCode()).isEqualTo(200);
    assertThat(partial.headers().firstValue("cache-control")).hasValue(AuditRoutes.CACHE_NONE);
    assertThat(get("/v1/audit/" + new TilePath(1, 0, 1)).statusCode()).isEqualTo(200);

    for (String p :
        new String[] {
          "/v1/audit/" + new TilePath(TilePath.ENTRIES, 0, 256),
          "/v1/audit/entries?from=0&to=1",
          "/v1/audit/proof/consistency?from=1&to=2",
          "/v1/audit/proof/inclusion?index=0&size=2"
        }) {
      assertThat(get(p).statusCode()).as(p).isEqualTo(401);
    }
    assertThat(events())
        .as("reads and unsigned refusals in an open window append nothing")
        .isEqualTo(before);
  }

  @Test
  void aFloodOfUnsignedTileMissesIsCountedNotRecordedOneByOne() throws Exception {
    d.publishCheckpoint();
    long before = events();
    for (int i = 0; i < 500; i++) {
      String tile = String.format(java.util.Locale.ROOT, "%03d", 100 + i % 900);
      HttpResponse<byte[]> miss = get("/v1/audit/tile/0/" + tile);
      assertThat(miss.statusCode())
          .as(new String(miss.body(), StandardCharsets.UTF_8))
          .isEqualTo(404);
      assertThat(get("/v1/audit/tile/0/" + i + "bad").statusCode()).isIn(400, 401, 404);
    }
    assertThat(events() - before).as("1,000 unsigned refusals").isLessThanOrEqualTo(1);
  }

  private HttpResponse<byte[]> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url + path)).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }
}
